import { Duration, Effect, Layer } from "effect"
import { dynamoStreamEventOf } from "../../handlers/dynamoStreamEvent.js"
import { sqsEventOf } from "../../handlers/sqsEvent.js"
import type { MemoryRecordStream } from "../../layers/memory/MemoryRecordStream.js"
import type { MemoryWorld } from "../../layers/memory/MemoryWorld.js"
import { isEndOfFileData } from "../../services/schemas/EndOfFile.js"
import { recordsOf } from "./streamRecords.js"
import { LocalQueue } from "../LocalQueue.js"
import type { FlowSide, QueueRecord } from "./FlowSide.js"

const region = "us-east-1"

/** What a stream holds of fan records (end-of-file marks are the loads' bookkeeping). */
const contentOf = (stream: MemoryRecordStream, keep: boolean) => {
  const fans = stream.entries.filter((entry) => !isEndOfFileData(entry.data))
  return { count: fans.length, records: keep ? recordsOf(fans) : [] }
}
const queueArn = `arn:aws:sqs:${region}:000000000000:verdict-reporter-queue`

/**
 * The in-memory side of a run: the world's resources as services; its stream records
 * and change records polled from where the last poll stopped; its queue with SQS's
 * delays, visibility timeout and redrive (LocalQueue). The streams' records are parsed
 * back for the end state only when they are kept (for the dump).
 */
export const memorySide = (world: MemoryWorld, keepRecords: boolean): Effect.Effect<FlowSide> =>
  Effect.gen(function* () {
    const services = yield* Layer.build(world.layer).pipe(Effect.scoped)
    const queue = new LocalQueue(world.verdictQueue)
    const read = { records: 0, changes: 0 }
    const scoresPoll = Effect.sync(() => {
      const records = world.scoresStream.recordsFrom(read.records)
      read.records = world.scoresStream.entries.length
      return records
    })
    const tablePoll = Effect.sync(() => {
      const changes = world.demandTable.changes.slice(read.changes)
      read.changes = world.demandTable.changes.length
      return dynamoStreamEventOf(world.demandTable.tableName, changes, region).Records
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
      region,
      quietMillis: 0,
      scoresStream: { name: world.scoresStream.streamName, poll: scoresPoll },
      tableStream: { poll: tablePoll },
      verdicts: {
        receive,
        settle: (batch, failed) => Effect.sync(() => queue.settle(batch, failed)),
        waitForMore
      },
      endState: Effect.sync(() => ({
        demandTable: world.demandTable.allItems(),
        scoresStream: contentOf(world.scoresStream, keepRecords),
        campaignDataStream: contentOf(world.campaignDataStream, keepRecords),
        deadLetters: queue.deadLetters.length
      }))
    }
  })
