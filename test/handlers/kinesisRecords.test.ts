import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { kinesisEventOf } from "../../src/lambda/events/kinesisEvent.js"
import { consumeKinesisEvent } from "../../src/lambda/streamConsumer.js"
import type { IncomingRecord } from "../../src/pipelines/delivery/incomingRecords.js"
import { fanRecord } from "../pipelines/fanRecordFixture.js"
import { handlerProbe } from "./handlerProbe.js"

const base64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64")
const sequence = (n: number) => `4959${String(n).padStart(52, "0")}`
const text = new TextDecoder()

/** A Kinesis event as Lambda delivers it, of fan records g1 and g2, with `bad` records between them. */
const batchWith = (bad: ReadonlyArray<unknown>) => {
  const good = kinesisEventOf("scores-stream", [1, 2].map((n) => ({ partitionKey: `g${n}`, sequenceNumber: sequence(n), data: Buffer.from(JSON.stringify(fanRecord(`g${n}`))) })))
  return { Records: [good.Records[0], ...bad, good.Records[1]] }
}

/** Every shape of a Kinesis record that cannot be read. */
const malformed: ReadonlyArray<unknown> = [
  null,
  "a string",
  [],
  {},
  { kinesis: null },
  { eventID: "shardId-000000000000:x1", kinesis: { sequenceNumber: sequence(10) } },
  { eventID: "shardId-000000000000:x2", kinesis: { sequenceNumber: sequence(11), data: 42 } },
  { eventID: "shardId-000000000000:x3", kinesis: { sequenceNumber: sequence(12), data: "not base64 at all!" } },
  { eventID: "shardId-000000000000:x4", kinesis: { sequenceNumber: sequence(13), data: "abc" } },
  { eventID: "shardId-000000000000:x5", kinesis: { partitionKey: "g9", data: base64(fanRecord("g9")) } },
  { kinesis: { sequenceNumber: "", data: base64(fanRecord("g9")) } },
  { kinesis: { sequenceNumber: 4959, data: base64(fanRecord("g9")) } }
]

/** A worker that takes what it is given, and hands back the records of fans in `failing`. */
const recordingWorker = (failing: ReadonlyArray<string> = []) => {
  const seen: Array<{ sequenceNumber: string; fan: string }> = []
  const handle = consumeKinesisEvent("testWorker", (records: ReadonlyArray<IncomingRecord>) =>
    Effect.sync(() => {
      const read = records.map((record) => ({ sequenceNumber: record.sequenceNumber, fan: (JSON.parse(text.decode(record.data)) as { globalUserId: string }).globalUserId }))
      seen.push(...read)
      return { result: { in: records.length }, retry: read.filter((r) => failing.includes(r.fan)).map((r) => r.sequenceNumber) }
    })
  )
  return { seen, handle }
}

describe("a Kinesis batch with records that cannot be read", () => {
  it.effect("hands the good records to the worker, counts and logs each bad one, and hands none back", () => {
    const probe = handlerProbe()
    const worker = recordingWorker()
    return Effect.gen(function* () {
      const { reply, result, unreadable } = yield* worker.handle(batchWith(malformed))
      expect(reply).toEqual({ batchItemFailures: [] })
      expect(unreadable).toBe(malformed.length)
      expect(result).toEqual({ in: 2 })
      expect(worker.seen).toEqual([{ sequenceNumber: sequence(1), fan: "g1" }, { sequenceNumber: sequence(2), fan: "g2" }])
      expect(probe.published).toEqual([["testWorker", { in: 2, unreadable: malformed.length }]])
      const where = probe.unreadable()
      expect(where.map((w) => w["index"])).toEqual(malformed.map((_, i) => i + 1))
      expect(where[5]).toEqual({ index: 6, eventID: "shardId-000000000000:x1", sequenceNumber: sequence(10) })
      expect(where[9]).toEqual({ index: 10, eventID: "shardId-000000000000:x5", partitionKey: "g9" })
      const warnings = probe.lines.filter((line) => line.level === "WARN").map((line) => line.message)
      expect(warnings[5]).toBe("Kinesis record unreadable, skipped: kinesis.data: is missing")
      expect(warnings[7]).toBe("Kinesis record unreadable, skipped: kinesis.data: not base64")
      expect(probe.lines.every((line) => line["worker"] === "testWorker")).toBe(true)
    }).pipe(Effect.provide(probe.layer))
  })

  it.effect("still hands back a good record the worker failed, and never an unreadable one", () => {
    const worker = recordingWorker(["g2"])
    return Effect.gen(function* () {
      const { reply, unreadable } = yield* worker.handle(batchWith(malformed))
      expect(reply).toEqual({ batchItemFailures: [{ itemIdentifier: sequence(2) }] })
      expect(unreadable).toBe(malformed.length)
    }).pipe(Effect.provide(handlerProbe().layer))
  })

  it.effect("answers an event that is not a Kinesis event at all with no failures, counted as one unreadable", () => {
    const probe = handlerProbe()
    const worker = recordingWorker()
    return Effect.gen(function* () {
      for (const event of [undefined, null, "Records", [], {}, { Records: "none" }, { Records: { length: 1 } }]) {
        const { reply, result, unreadable } = yield* worker.handle(event)
        expect([reply, result, unreadable]).toEqual([{ batchItemFailures: [] }, { in: 0 }, 1])
      }
      const nothing = "Kinesis event unreadable, nothing done: not an event with Records:"
      expect(probe.lines.filter((line) => line.level === "ERROR").map((line) => line.message)).toEqual([
        `${nothing} undefined`,
        `${nothing} null`,
        `${nothing} a string`,
        `${nothing} an array`,
        `${nothing} an empty object`,
        `${nothing} an object with Records`,
        `${nothing} an object with Records`
      ])
      expect(worker.seen).toEqual([])
    }).pipe(Effect.provide(probe.layer))
  })

  it.effect("reads an empty batch as nothing to do", () => {
    const worker = recordingWorker()
    return Effect.gen(function* () {
      const { reply, unreadable } = yield* worker.handle({ Records: [] })
      expect([reply, unreadable]).toEqual([{ batchItemFailures: [] }, 0])
    }).pipe(Effect.provide(handlerProbe().layer))
  })
})
