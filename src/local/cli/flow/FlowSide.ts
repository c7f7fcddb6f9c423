import type { Context, Effect, Stream } from "effect"
import type { StreamRecordOut } from "../../../lambda/events/kinesisEvent.js"
import type { StackError } from "../../standIns/aws/stackCall.js"
import type { MappingRetry } from "../streamDelivery.js"
import type { CampaignCounts } from "../../../services/CampaignCounts.js"
import type { DemandTable } from "../../../services/DemandTable.js"
import type { CampaignDataStream, ScoresStream } from "../../../services/RecordStream.js"
import type { ReportLedger } from "../../../services/ReportLedger.js"
import type { RunProgress } from "../../../services/RunProgress.js"
import type { ScoringBucket } from "../../../services/ScoringBucket.js"
import type { DemandItem } from "../../../services/schemas/FanScoreItem.js"
import type { VerdictQueue } from "../../../services/VerdictQueue.js"

/** The AWS resources the workers' handlers use, as services. */
export type AwsSideServices =
  | ScoringBucket
  | ScoresStream
  | CampaignDataStream
  | VerdictQueue
  | DemandTable
  | CampaignCounts
  | ReportLedger
  | RunProgress

/** A record of the demand table's stream, shaped as Lambda puts it into a DynamoDB stream event. */
export interface TableStreamRecord {
  readonly eventID: string
  readonly eventName: string
  readonly dynamodb: { readonly SequenceNumber: string } & Readonly<Record<string, unknown>>
  readonly [field: string]: unknown
}

/** A verdict-queue message as Lambda puts it into an SQS event. */
export interface QueueRecord {
  readonly messageId: string
  readonly body: string
  readonly [field: string]: unknown
}

/** The verdict queue as an SQS event source mapping sees it. */
export interface VerdictInbox {
  /** Up to 10 messages visible now, hidden while they are handled. */
  readonly receive: Effect.Effect<ReadonlyArray<QueueRecord>, StackError>
  /** Deletes the batch but the failed messages, which come back after the visibility timeout. */
  readonly settle: (batch: ReadonlyArray<QueueRecord>, failed: ReadonlySet<string>) => Effect.Effect<void, StackError>
  /** False when the queue holds no message at all; else waits a little (for a delay or a visibility timeout) and gives true. */
  readonly waitForMore: Effect.Effect<boolean, StackError>
}

/** The fan records a stream received in the run (their content went to the run's RecordKeeper). */
export interface StreamContent {
  readonly count: number
}

/** What the demand table holds at the end of a run. */
export interface TableContent {
  /** Items of fan scores (every item but the campaigns' meta items). */
  readonly fanScores: number
  /** Each campaign's counts (`meta:counts`) and report ledger (`meta:slack:counts`) items. */
  readonly campaigns: ReadonlyArray<DemandItem>
  /** Every item, sorted by PK then SK, one at a time (for the dump). */
  readonly items: Stream.Stream<DemandItem, StackError>
}

/** What the resources hold at the end of a run (SPEC §9). */
export interface EndState {
  readonly demandTable: TableContent
  readonly scoresStream: StreamContent
  readonly campaignDataStream: StreamContent
  /** Messages that went to the dead-letter queue. */
  readonly deadLetters: number
}

/**
 * The AWS side of a local run, whichever it is (in memory, embedded stand-ins, an
 * endpoint): the services the handlers run on, and the event sources the runner polls
 * to drive the consumers as Lambda's event source mappings would.
 */
export interface FlowSide {
  /** How the report names the mode. */
  readonly mode: string
  readonly services: Context.Context<AwsSideServices>
  readonly bucket: string
  /** Makes a local file the bucket's object `key` without copying it, where the side can (in memory); else the runner uploads it. */
  readonly putFile?: (key: string, path: string) => Effect.Effect<void>
  readonly region: string
  /**
   * Whether the consumers run while a file loads (in memory: what keeps a run bounded), or
   * start once it has loaded (the real-protocol sides, until the fault run of the bounded flow that
   * lost a file's updates with them beside the load is understood; see DECISIONS). Files
   * loaded together: they start once the first file has loaded, beside the others' loads.
   */
  readonly consumeWhileLoading: boolean
  /** How long the flow must stay idle, once more, before it counts as quiet (stream records of other stores may lag). */
  readonly quietMillis: number
  readonly scoresStream: {
    readonly name: string
    /** Records put since the last poll, shard by shard, in sequence order. */
    readonly poll: Effect.Effect<ReadonlyArray<StreamRecordOut>, StackError>
  }
  readonly tableStream: {
    /** Records of the table's changes since the last poll, in order. */
    readonly poll: Effect.Effect<ReadonlyArray<TableStreamRecord>, StackError>
    /** The shard a record came from (the counter runs one invocation at a time per shard, and is told its shard). */
    readonly shardOf: (record: TableStreamRecord) => string
  }
  readonly verdicts: VerdictInbox
  readonly endState: Effect.Effect<EndState, StackError>
  /** The longest an idle consumer loop sleeps between polls (it is woken sooner when another loop did some work). */
  readonly idlePauseMillis?: number
  /** How the stream consumers' batches are retried (the stack's mappings' settings by default; tests shorten the delays). */
  readonly retry?: MappingRetry
}
