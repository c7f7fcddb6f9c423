import { Duration, Effect, Layer, Stream } from "effect"
import { dynamoStreamEventOf } from "../../../lambda/events/dynamoStreamEvent.js"
import { sqsEventOf } from "../../../lambda/events/sqsEvent.js"
import type { MemoryRecordStream } from "../../memory/MemoryRecordStream.js"
import type { MemoryWorld } from "../../memory/MemoryWorld.js"
import { isEndOfFileData } from "../../../services/schemas/EndOfFile.js"
import { LocalQueue } from "../LocalQueue.js"
import type { FlowSide, QueueRecord, TableStreamRecord } from "./FlowSide.js"
import { shardIdOf, shardIndex } from "../../memory/kinesisHashing.js"
import { type KeptStream, noKeeper, type RecordKeeper } from "./RecordKeeper.js"
import { summarizeItems } from "./tableContent.js"

const region = "us-east-1"

/** The shard of a table change when the world's table stream has several: by the item's partition key, as DynamoDB keeps an item's changes on one. */
const tableShardOf = (shards: number) => (record: TableStreamRecord) => {
  const keys = record.dynamodb["Keys"] as { readonly PK?: { readonly S?: string } } | undefined
  return shardIdOf(shardIndex({ partitionKey: keys?.PK?.S ?? "", data: new Uint8Array() }, shards))
}
const queueArn = `arn:aws:sqs:${region}:000000000000:verdict-reporter-queue`

/** What bounds a run's memory whatever the file's size. */
export interface MemoryLimits {
  /** Records a poll of a stream gives at most (10,000: Kinesis GetRecords' own limit). */
  readonly pollRecords: number
  /** Unread records a stream holds before a put waits (two polls' worth). */
  readonly unreadRecords: number
  /**
   * Changes a poll of the table stream gives at most: more than a round of the flow makes
   * (a poll's records as fan changes, and the counter's markers of the round before), so
   * the table stream never falls behind.
   */
  readonly pollChanges: number
}

export const memoryLimits: MemoryLimits = { pollRecords: 10_000, unreadRecords: 20_000, pollChanges: 50_000 }

/**
 * A stream's reader: the records put since its last read; the stream then drops them (the
 * runner is its only reader), and its fan records are counted and handed to the keeper.
 */
const streamReader = (stream: MemoryRecordStream, name: KeptStream, keeper: RecordKeeper, limits: MemoryLimits) => {
  const read = { position: 0, fans: 0 }
  stream.holdAtMost(limits.unreadRecords)
  return {
    read: () => {
      const records = stream.recordsFrom(read.position, limits.pollRecords)
      read.position += records.length
      stream.release(read.position)
      const fans = records.filter((record) => !isEndOfFileData(record.data))
      read.fans += fans.length
      if (fans.length > 0) keeper.keep(name, fans)
      return records
    },
    get fans() {
      return read.fans
    }
  }
}

/**
 * The in-memory side of a run: the world's resources as services; its stream records
 * and change records read from where the last poll stopped, then dropped (as a real
 * stream's retention would, so a run holds what is unread, not all it made); its queue
 * with SQS's delays, visibility timeout and redrive (LocalQueue). The campaign data
 * stream, which no worker consumes, is read with the scores stream, for the end state.
 */
export const memorySide = (world: MemoryWorld, keeper: RecordKeeper = noKeeper, limits: MemoryLimits = memoryLimits): Effect.Effect<FlowSide> =>
  Effect.gen(function* () {
    const services = yield* Layer.build(world.layer).pipe(Effect.scoped)
    const queue = new LocalQueue(world.verdictQueue)
    const scores = streamReader(world.scoresStream, "scoresStream", keeper, limits)
    const campaignData = streamReader(world.campaignDataStream, "campaignDataStream", keeper, limits)
    const table = world.demandTable
    let changesRead = 0
    const tablePoll = Effect.sync(() => {
      const changes = table.changesFrom(changesRead, limits.pollChanges)
      changesRead += changes.length
      table.release(changesRead)
      return dynamoStreamEventOf(table.tableName, changes, region).Records
    })
    const receive = Effect.sync((): ReadonlyArray<QueueRecord> => {
      const now = Date.now()
      queue.collect(now)
      return sqsEventOf(queueArn, queue.receive(now)).Records
    })
    const waitForMore = Effect.suspend(() => {
      const now = Date.now()
      queue.collect(now)
      const next = queue.nextVisibleAt()
      return next === undefined ? Effect.succeed(false) : Effect.as(Effect.sleep(Duration.millis(Math.max(10, next - now))), true)
    })
    return {
      mode: "in-memory",
      services,
      bucket: world.bucket.bucket,
      putFile: (key, path) => Effect.sync(() => world.bucket.putFile(key, path)),
      region,
      consumeWhileLoading: true,
      quietMillis: 0,
      idlePauseMillis: 20,
      scoresStream: {
        name: world.scoresStream.streamName,
        poll: Effect.sync(() => {
          campaignData.read()
          return scores.read()
        })
      },
      tableStream: { poll: tablePoll, shardOf: world.tableShards > 1 ? tableShardOf(world.tableShards) : () => shardIdOf(0) },
      verdicts: {
        receive,
        settle: (batch, failed) => Effect.sync(() => queue.settle(batch, failed)),
        waitForMore
      },
      endState: Effect.sync(() => {
        while (campaignData.read().length > 0) continue
        keeper.close()
        return {
          // Counted now; the items themselves read one at a time, only when the dump asks.
          demandTable: { ...summarizeItems(table.storedItems()), items: Stream.fromIterable({ [Symbol.iterator]: () => table.sortedItems() }) },
          scoresStream: { count: scores.fans },
          campaignDataStream: { count: campaignData.fans },
          deadLetters: queue.deadLetters.length
        }
      })
    }
  })
