import { NodeContext } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Either, Layer, Logger } from "effect"
import { execFile } from "node:child_process"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { promisify } from "node:util"
import { handleSavedScores } from "../../../../src/handlers/savedScoresHandler.js"
import { dynamoStreamEventOf, windowedStreamEvent } from "../../../../src/lambda/events/dynamoStreamEvent.js"
import { MetricsIgnored } from "../../../../src/layers/observability/WorkerMetrics.js"
import { replayKeptBatch, type ReplayServices } from "../../../../src/local/cli/redrive/replayKeptBatch.js"
import { MemoryWorld } from "../../../../src/local/memory/MemoryWorld.js"
import type { TableChange } from "../../../../src/services/schemas/TableChange.js"

const run = promisify(execFile)
const folder = mkdtempSync(join(tmpdir(), "redrive-"))
const streamArn = "arn:aws:dynamodb:us-east-1:123456789012:table/demand/stream/2026-12-01T00:00:00.000"
const shardId = "shardId-00000001764547200000-0a1b2c3d"
const counterArn = "arn:aws:lambda:us-east-1:123456789012:function:VfScoringWorkers-FunctionssavedScores5B1C2D3E-AbCdEfGh1234"

const verifiedFan = (n: number): TableChange => ({
  eventID: `ev-${n}`,
  eventName: "INSERT",
  sequenceNumber: String(1000 + n),
  keys: { PK: `fan:g${n}`, SK: "campaign:c1" },
  newImage: { PK: `fan:g${n}`, SK: "campaign:c1", campaignId: "c1", isVerified: true }
})

/** The counter's delivery of changes, as its mapping (tumbling window) invokes it: the shard named beside the records. */
const deliveryOf = (changes: ReadonlyArray<TableChange>) => windowedStreamEvent(dynamoStreamEventOf("demand", changes).Records, shardId, streamArn)

/** What the counter's mapping writes to the failed-batches bucket when it gives up on a delivery. */
const keptBatchOf = (changes: ReadonlyArray<TableChange>) => ({
  requestContext: { requestId: "316aa6d0-8154-4b4b-9af7-85d5f4a6bc81", functionArn: counterArn, condition: "RetryAttemptsExhausted", approximateInvokeCount: 9 },
  responseContext: { statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled" },
  version: "1.0",
  timestamp: "2026-12-07T04:13:49.717Z",
  DDBStreamBatchInfo: {
    shardId,
    startSequenceNumber: changes[0]!.sequenceNumber,
    endSequenceNumber: changes.at(-1)!.sequenceNumber,
    approximateArrivalOfFirstRecord: "2026-12-07T00:13:19Z",
    approximateArrivalOfLastRecord: "2026-12-07T00:13:19Z",
    batchSize: changes.length,
    streamArn
  },
  payload: deliveryOf(changes)
})

const fileOf = (name: string, content: unknown) => {
  const path = join(folder, name)
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content))
  return path
}

const notHere = Layer.die("not replayed in this test") as never
const inMemory = (world: MemoryWorld): ReplayServices => ({ savedScores: world.layer, scoresToDynamoDB: world.layer, entryScoring: notHere })
const countsOf = (world: MemoryWorld) => {
  const { verified, rejected, selected } = (world.demandTable.item({ PK: "campaign:c1", SK: "meta:counts" }) ?? {}) as Record<string, unknown>
  return { verified, rejected, selected }
}
/** The one line a failure says (services may fail with anything, so the program's failures are unknown). */
const messageOf = (failure: unknown) => (failure as Error).message
const quiet = Layer.mergeAll(MetricsIgnored, NodeContext.layer, Logger.remove(Logger.defaultLogger))

describe("vf-workers redrive", () => {
  it.effect("replays the counter's kept batch after its shard moved on: counted once, however often it is replayed", () =>
    Effect.gen(function* () {
      const world = new MemoryWorld()
      const given = [verifiedFan(1), verifiedFan(2), verifiedFan(3)]
      // Lambda gave up on the delivery of changes 1–3 and went on: the next delivery moved the shard's position past them.
      yield* Effect.provide(handleSavedScores(deliveryOf([verifiedFan(4)])), world.layer)
      expect(countsOf(world)).toEqual({ verified: 1, rejected: 0, selected: 0 })
      const file = fileOf("counter.json", keptBatchOf(given))

      const first = yield* replayKeptBatch(file, inMemory(world))
      expect([first.worker, first.result, first.failed]).toEqual(["savedScores", expect.objectContaining({ records: 3, applied: 3, duplicates: 0, failed: 0 }), []])
      expect(countsOf(world)).toEqual({ verified: 4, rejected: 0, selected: 0 })

      const again = yield* replayKeptBatch(file, inMemory(world))
      expect(again.result).toEqual(expect.objectContaining({ records: 3, applied: 0, duplicates: 3 }))
      expect(countsOf(world)).toEqual({ verified: 4, rejected: 0, selected: 0 })
    }).pipe(Effect.provide(quiet))
  )

  it.effect("takes the event as JSON text too, and says which worker it replayed through and what it did", () =>
    Effect.gen(function* () {
      const world = new MemoryWorld()
      const kept = keptBatchOf([verifiedFan(7)])
      const file = fileOf("as-text.json", { ...kept, payload: JSON.stringify(kept.payload) })
      const lines: Array<string> = []
      const replayed = yield* replayKeptBatch(file, inMemory(world)).pipe(Effect.withConsole({ ...console, log: (line: string) => Effect.sync(() => lines.push(line)) } as never))
      expect(replayed.result).toEqual(expect.objectContaining({ applied: 1 }))
      expect(lines).toEqual([
        `${file}: 1 records of a DynamoDB stream batch (${shardId}, 1007…1007) given up on (RetryAttemptsExhausted, 2026-12-07T04:13:49.717Z)`,
        expect.stringMatching(/^replayed through savedScores: records 1, .*applied 1/),
        "savedScores handled every record of the batch"
      ])
    }).pipe(Effect.provide(quiet))
  )

  it.effect("fails naming the file when the worker cannot be told or the batch is no stream's", () =>
    Effect.gen(function* () {
      const world = new MemoryWorld()
      const { DDBStreamBatchInfo: info, ...rest } = keptBatchOf([verifiedFan(1)])
      const kinesisOfNobody = fileOf("kinesis.json", { ...rest, KinesisBatchInfo: info, requestContext: { ...rest.requestContext, functionArn: "arn:aws:lambda:us-east-1:1:function:other" } })
      const failure = yield* Effect.flip(replayKeptBatch(kinesisOfNobody, inMemory(world)))
      expect(messageOf(failure)).toBe(`${kinesisOfNobody}: function other is none of scoresToDynamoDB, entryScoring, the consumers of a Kinesis batch`)
      const asynchronous = fileOf("async.json", { ...rest })
      expect(messageOf(yield* Effect.flip(replayKeptBatch(asynchronous, inMemory(world))))).toBe(
        `${asynchronous}: neither KinesisBatchInfo nor DDBStreamBatchInfo: not a stream's kept batch`
      )
      expect(countsOf(world)).toEqual({ verified: undefined, rejected: undefined, selected: undefined })
    }).pipe(Effect.provide(quiet))
  )

  it("exits 1 on a malformed file, saying so in one line on stderr that names it", async () => {
    const broken = fileOf("broken.json", { ...keptBatchOf([verifiedFan(1)]), requestContext: { requestId: "r" } })
    const failed = await run("node", ["bin/vf-workers.js", "redrive", broken]).then(
      () => Either.left("it succeeded"),
      (error: { code: number; stdout: string; stderr: string }) => Either.right(error)
    )
    expect(Either.isRight(failed)).toBe(true)
    const { code, stdout, stderr } = Either.getOrThrow(failed)
    expect([code, stdout, stderr]).toEqual([1, "", `vf-workers redrive: ${broken}: requestContext.functionArn: is missing\n`])
  }, 30_000)
})
