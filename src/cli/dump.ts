import { FileSystem, Path } from "@effect/platform"
import { Effect } from "effect"
import { isMarker } from "./campaignLines.js"
import type { DemandItem } from "../services/schemas/FanScoreItem.js"
import { scoreWriteAttribute } from "../services/schemas/ScoreWrite.js"
import type { LocalRun } from "./localRun.js"
import type { RunReport } from "./RunReport.js"

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`

/** A value with the keys of its objects in name order, at every depth: the same state reads the same whichever store held it. */
const canonical = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(canonical)
  if (value === null || typeof value !== "object") return value
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return Object.fromEntries(entries.map(([name, field]) => [name, canonical(field)]))
}

/** An item as the dump shows it: PK and SK first, then its attributes in name order, without the writers' stamp (bookkeeping). */
const dumpedItem = ({ PK, SK, [scoreWriteAttribute]: _stamp, ...attributes }: DemandItem) => ({ PK, SK, ...(canonical(attributes) as object) })

/** Writes the end state of a run (SPEC §9) into `dir`, creating it when needed. */
export const writeDump = (dir: string, report: RunReport, run: LocalRun) =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const path = yield* Path.Path
    yield* fs.makeDirectory(dir, { recursive: true })
    const files: Record<string, unknown> = {
      "report.json": report,
      "demand-table.json": run.end.demandTable.filter((item) => !isMarker(item)).map(dumpedItem),
      "scores-stream.json": run.end.scoresStream.records,
      "campaign-data-stream.json": run.end.campaignDataStream.records,
      "entry-service.json": run.entryPosts,
      "slack.json": run.slackPosts,
      "verdict-queue.json": run.sent
    }
    yield* Effect.forEach(Object.entries(files), ([name, content]) => fs.writeFileString(path.join(dir, name), json(content)), {
      discard: true
    })
    return Object.keys(files)
  })
