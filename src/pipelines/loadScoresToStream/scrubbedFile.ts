import type { RecordMeta } from "../../services/schemas/FanRecord.js"
import type { ScrubbedBlockJob } from "./decodeScrubbedBlock.js"

/** The scrubbed file a run reads: where it is, its campaign, and the meta its fan records carry. */
export interface ScrubbedFile {
  readonly file: string
  readonly campaignId: string
  readonly meta: RecordMeta
}

/** What every block's decoding needs of its file: its settings, with the campaign id and meta as JSON once. */
export const blockJobOf = (file: ScrubbedFile): Omit<ScrubbedBlockJob, "block" | "header"> => ({
  file: file.file,
  campaignId: file.campaignId,
  campaignIdJson: JSON.stringify(file.campaignId),
  metaJson: JSON.stringify(file.meta)
})
