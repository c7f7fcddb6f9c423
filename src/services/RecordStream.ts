import { Context, Effect } from "effect"
import type { StreamPutError } from "./errors.js"

/** One record for a Kinesis stream. */
export interface StreamEntry {
  readonly partitionKey: string
  readonly data: Uint8Array
  /** Puts the record on the shard whose hash range holds this key (instead of the partition key's hash). */
  readonly explicitHashKey?: string
}

/** A shard that takes records now, and the lowest hash key it takes. */
export interface OpenShard {
  readonly shardId: string
  readonly startingHashKey: string
}

/** What the stream said of one record of a PutRecords call. */
export type PutOutcome =
  | { readonly accepted: true; readonly shardId: string; readonly sequenceNumber: string }
  | { readonly accepted: false; readonly errorCode: string; readonly errorMessage: string }

/** A Kinesis data stream as the workers use it: PutRecords with per-record outcomes. */
export interface RecordStream {
  readonly streamName: string
  /** Outcomes in the order of the entries; a failure of the whole call is an error. */
  readonly putRecords: (entries: ReadonlyArray<StreamEntry>) => Effect.Effect<ReadonlyArray<PutOutcome>, StreamPutError>
  /** The shards open now (ListShards): where a load puts its end-of-file marks, one each. */
  readonly openShards: Effect.Effect<ReadonlyArray<OpenShard>, StreamPutError>
}

/** The shards of a stream of one shard (in-memory streams, tests). */
export const oneShard: Effect.Effect<ReadonlyArray<OpenShard>> = Effect.succeed([
  { shardId: "shardId-000000000000", startingHashKey: "0" }
])

/** The stream of fan records from scrubbed files (SCORES_STREAM). */
export class ScoresStream extends Context.Tag("vf/ScoresStream")<ScoresStream, RecordStream>() {}

/** The stream of fanlist fan items for campaign data consumers (CAMPAIGN_DATA_STREAM). */
export class CampaignDataStream extends Context.Tag("vf/CampaignDataStream")<CampaignDataStream, RecordStream>() {}
