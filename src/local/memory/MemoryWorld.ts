import { Layer } from "effect"
import { CampaignCounts } from "../../services/CampaignCounts.js"
import { DemandTable } from "../../services/DemandTable.js"
import { ReportLedger } from "../../services/ReportLedger.js"
import { CampaignDataStream, ScoresStream } from "../../services/RecordStream.js"
import { ScoringBucket } from "../../services/ScoringBucket.js"
import { VerdictQueue } from "../../services/VerdictQueue.js"
import { memoryCampaignCounts } from "./MemoryCampaignCounts.js"
import { MemoryDemandTable } from "./MemoryDemandTable.js"
import { memoryReportLedger } from "./MemoryReportLedger.js"
import { memoryRunProgress } from "./MemoryRunProgress.js"
import { RunProgress } from "../../services/RunProgress.js"
import { type MemoryStreamFaults, MemoryRecordStream } from "./MemoryRecordStream.js"
import { MemoryScoringBucket } from "./MemoryScoringBucket.js"
import { MemoryVerdictQueue } from "./MemoryVerdictQueue.js"

export interface MemoryWorldOptions {
  readonly bucket?: string
  readonly scoresStream?: string
  readonly demandTable?: string
  readonly campaignDataStream?: string
  readonly campaignDataStreamFaults?: MemoryStreamFaults
  readonly scoresStreamFaults?: MemoryStreamFaults
  /** Shards of the scores stream (1): each has its own writer and consumers. */
  readonly scoresShards?: number
  /** Shards of the demand table's stream (1): each has its own counter; an item's changes stay on one. */
  readonly tableShards?: number
  /**
   * "kept" (default): the streams and the table's change log keep what no reader has
   * released (tests read them back). "dropped": nothing reads them (a benchmark of one
   * worker), so what they take is counted and dropped at once.
   */
  readonly unread?: "kept" | "dropped"
}

/** Every AWS resource of the system, in memory; its state can be read back after a run. */
export class MemoryWorld {
  readonly bucket: MemoryScoringBucket
  readonly scoresStream: MemoryRecordStream
  readonly verdictQueue = new MemoryVerdictQueue()
  readonly demandTable: MemoryDemandTable
  readonly campaignDataStream: MemoryRecordStream
  readonly tableShards: number

  constructor(options: MemoryWorldOptions = {}) {
    this.bucket = new MemoryScoringBucket(options.bucket)
    this.scoresStream = new MemoryRecordStream(options.scoresStream ?? "scores-stream", options.scoresStreamFaults, options.scoresShards)
    this.tableShards = options.tableShards ?? 1
    this.demandTable = new MemoryDemandTable(options.demandTable)
    this.campaignDataStream = new MemoryRecordStream(options.campaignDataStream ?? "campaign-data-stream", options.campaignDataStreamFaults)
    if (options.unread === "dropped") for (const store of [this.scoresStream, this.campaignDataStream, this.demandTable]) store.dropUnread()
  }

  get layer(): Layer.Layer<
    ScoringBucket | ScoresStream | CampaignDataStream | VerdictQueue | DemandTable | CampaignCounts | ReportLedger | RunProgress
  > {
    return Layer.mergeAll(
      Layer.succeed(DemandTable, this.demandTable.service),
      Layer.succeed(CampaignCounts, memoryCampaignCounts(this.demandTable)),
      Layer.succeed(ReportLedger, memoryReportLedger(this.demandTable)),
      Layer.succeed(RunProgress, memoryRunProgress(this.demandTable)),
      Layer.succeed(ScoringBucket, this.bucket.service),
      Layer.succeed(ScoresStream, this.scoresStream),
      Layer.succeed(CampaignDataStream, this.campaignDataStream),
      Layer.succeed(VerdictQueue, this.verdictQueue.service)
    )
  }
}
