import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { deliveryShardOf, dynamoStreamEventOf, isWindowedEvent, windowedStreamEvent } from "../../src/lambda/events/dynamoStreamEvent.js"
import { handler, handleSavedScores } from "../../src/handlers/savedScoresHandler.js"
import { comparableSequence } from "../../src/services/RunProgress.js"
import { memoryCampaignCounts } from "../../src/local/memory/MemoryCampaignCounts.js"
import { MemoryDemandTable } from "../../src/local/memory/MemoryDemandTable.js"
import { CampaignCounts } from "../../src/services/CampaignCounts.js"
import type { TableChange } from "../../src/services/schemas/TableChange.js"
import { handlerProbe } from "./handlerProbe.js"

type Mutable = Record<string, any>

const keys = (fan: string) => ({ PK: `fan:${fan}`, SK: "campaign:c1" })
const change = (n: number, fan: string, eventName: TableChange["eventName"], images: Pick<TableChange, "newImage" | "oldImage">): TableChange => ({
  eventID: `ev-${n}`,
  eventName,
  sequenceNumber: String(1000 + n),
  keys: keys(fan),
  ...images
})

/** A stream record of a new verified fan, as Lambda delivers it, then changed by `edit`. */
const recordOf = (n: number, edit: (record: Mutable) => void = () => {}) => {
  const [record] = dynamoStreamEventOf("demand", [change(n, `g${n}`, "INSERT", { newImage: { ...keys(`g${n}`), isVerified: true } })]).Records as Array<Mutable>
  edit(record!)
  return record
}

/** Four fan changes (verified +2, rejected +1, selected +1), some with attributes DynamoDB Local or a big number give. */
const goodRecords = () => {
  const event = dynamoStreamEventOf("demand", [
    change(1, "g1", "INSERT", { newImage: { ...keys("g1"), isVerified: true } }),
    change(2, "g2", "INSERT", { newImage: { ...keys("g2"), isVerified: false } }),
    change(3, "g3", "MODIFY", { oldImage: { ...keys("g3"), isVerified: true, verdict: false }, newImage: { ...keys("g3"), isVerified: true, verdict: true } }),
    change(4, "g4", "INSERT", { newImage: { ...keys("g4"), isVerified: true } })
  ]).Records as Array<Mutable>
  event[1]!.dynamodb.NewImage.events = {}
  event[2]!.dynamodb.NewImage.tags = {}
  event[2]!.dynamodb.NewImage.origin = { M: { nudetect: {}, scores: { L: [{}, { N: "1" }] } } }
  event[2]!.dynamodb.OldImage.events = { M: { "0": {} } }
  event[3]!.dynamodb.NewImage.score = { N: "12345678901234567890.5" }
  event[3]!.dynamodb.NewImage.rank = { N: "123456789012345678901234567890" }
  return event
}

/** Every shape of a DynamoDB stream record that cannot be read; each would count a verified fan. */
const malformed: ReadonlyArray<unknown> = [
  recordOf(10, (r) => delete r.dynamodb.Keys.PK),
  recordOf(11, (r) => (r.dynamodb.Keys.PK = { N: "11" })),
  recordOf(12, (r) => (r.dynamodb.NewImage.score = { N: "twelve" })),
  recordOf(13, (r) => (r.dynamodb.NewImage.score = { X: "13" })),
  recordOf(14, (r) => (r.dynamodb.NewImage.score = null)),
  recordOf(15, (r) => (r.dynamodb.NewImage = "an image")),
  recordOf(16, (r) => (r.dynamodb.NewImage.tags = { L: "not a list" })),
  recordOf(17, (r) => delete r.dynamodb.SequenceNumber),
  recordOf(18, (r) => delete r.eventID),
  recordOf(19, (r) => (r.eventName = "UPSERT")),
  recordOf(20, (r) => delete r.dynamodb),
  recordOf(21, (r) => (r.dynamodb.Keys = null)),
  null,
  42
]

const setup = () => {
  const table = new MemoryDemandTable()
  const probe = handlerProbe()
  const counts = () => {
    const { verified, rejected, selected } = (table.item({ PK: "campaign:c1", SK: "meta:counts" }) ?? {}) as Record<string, unknown>
    return { verified, rejected, selected }
  }
  return { probe, counts, layer: Layer.merge(Layer.succeed(CampaignCounts, memoryCampaignCounts(table)), probe.layer) }
}

describe("a DynamoDB stream batch with records that cannot be read", () => {
  it.effect("counts the good records, an untyped `{}` attribute read as an empty map and a long number as a double", () => {
    const { counts, probe, layer } = setup()
    return Effect.gen(function* () {
      const { reply, result, unreadable } = yield* handleSavedScores({ Records: goodRecords() })
      expect([reply, unreadable]).toEqual([{ batchItemFailures: [] }, 0])
      expect(result).toEqual({ records: 4, ignored: 0, unchanged: 0, applied: 4, duplicates: 0, failed: 0 })
      expect(counts()).toEqual({ verified: 2, rejected: 1, selected: 1 })
      expect(probe.lines.filter((line) => line.level !== "INFO")).toEqual([])
    }).pipe(Effect.provide(layer))
  })

  it.effect("processes the good records, counts and logs each bad one with its eventID, sequence number and keys, and hands none back", () => {
    const { counts, probe, layer } = setup()
    const [first, ...rest] = goodRecords()
    return Effect.gen(function* () {
      const { reply, result, unreadable } = yield* handleSavedScores({ Records: [first, ...malformed, ...rest] })
      expect(reply).toEqual({ batchItemFailures: [] })
      expect(unreadable).toBe(malformed.length)
      expect(result).toMatchObject({ records: 4, applied: 4, failed: 0 })
      expect(counts()).toEqual({ verified: 2, rejected: 1, selected: 1 })
      expect(probe.published).toEqual([["processSavedScores", { records: 4, ignored: 0, unchanged: 0, applied: 4, duplicates: 0, failed: 0, unreadable: malformed.length }]])
      const where = probe.unreadable()
      expect(where.map((w) => w["index"])).toEqual(malformed.map((_, i) => i + 1))
      expect(where[0]).toMatchObject({ eventID: "ev-10", eventName: "INSERT", sequenceNumber: "1010", keys: { SK: { S: "campaign:c1" } } })
      expect(where[7]).toMatchObject({ eventID: "ev-17", keys: { PK: { S: "fan:g17" } } })
      expect(where[7]).not.toHaveProperty("sequenceNumber")
      expect(where[12]).toEqual({ index: 13 })
      const reasons = probe.lines.filter((line) => line.level === "WARN").map((line) => line.message.replace("DynamoDB stream record unreadable, skipped: ", ""))
      expect(reasons.slice(0, 4)).toEqual(["Keys: PK: is missing", "Keys: PK: Expected string, actual 11", 'NewImage: "twelve" is not a number', "NewImage: Unsupported type passed: X"])
    }).pipe(Effect.provide(layer))
  })

  it.effect("answers an event that is not a stream event with no failures, counted as one unreadable", () => {
    const { counts, layer } = setup()
    return Effect.gen(function* () {
      const { reply, unreadable } = yield* handleSavedScores({ records: goodRecords() })
      expect([reply, unreadable]).toEqual([{ batchItemFailures: [] }, 1])
      expect(counts()).toEqual({ verified: undefined, rejected: undefined, selected: undefined })
    }).pipe(Effect.provide(layer))
  })
})

describe("a DynamoDB stream event of a mapping with a tumbling window", () => {
  const streamArn = "arn:aws:dynamodb:us-east-1:000000000000:table/demand/stream/2026-12-01T00:00:00.000"

  it.effect("counts by the shard the event names (its position moves), and a redelivery on it is skipped", () => {
    const table = new MemoryDemandTable()
    const layer = Layer.merge(Layer.succeed(CampaignCounts, memoryCampaignCounts(table)), handlerProbe().layer)
    return Effect.gen(function* () {
      const event = windowedStreamEvent(goodRecords(), "shardId-0001", streamArn)
      expect(deliveryShardOf(event)).toBe("2026-12-01T00:00:00.000/shardId-0001")
      expect((yield* handleSavedScores(event)).result).toMatchObject({ applied: 4, duplicates: 0 })
      expect(table.item({ PK: "shard:2026-12-01T00:00:00.000/shardId-0001", SK: "meta:position" })).toMatchObject({ at: comparableSequence("1004"), checked: 4 })
      expect((yield* handleSavedScores(event)).result).toMatchObject({ applied: 0, duplicates: 4 })
      // The same records on another shard of another stream are another position's.
      expect(deliveryShardOf(windowedStreamEvent([], "shardId-0001", streamArn.replace("2026-12-01", "2026-12-02")))).toBe("2026-12-02T00:00:00.000/shardId-0001")
    }).pipe(Effect.provide(layer))
  })

  it("answers Lambda with a state beside the failures when the event has a window, and only then", async () => {
    const windowed = await handler(windowedStreamEvent([], "shardId-0001", streamArn))
    expect(windowed).toEqual({ batchItemFailures: [], state: {} })
    expect(isWindowedEvent({ Records: [] })).toBe(false)
    expect(deliveryShardOf({ Records: goodRecords() })).toBeUndefined()
  })
})
