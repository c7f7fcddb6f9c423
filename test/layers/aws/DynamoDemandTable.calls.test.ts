import { describe, expect, it, layer } from "@effect/vitest"
import { marshall } from "@aws-sdk/util-dynamodb"
import { Effect, Layer } from "effect"
import { inject } from "vitest"
import { dynamoDemandTable } from "../../../src/layers/aws/DynamoDemandTable.js"
import { makeDynamoTable } from "../../../src/layers/aws/DynamoTable.js"
import type { UpsertFirstCall } from "../../../src/layers/aws/upsertFirstCall.js"
import { isRetryableTableError } from "../../../src/layers/aws/dynamoCalls.js"
import { DemandTable } from "../../../src/services/DemandTable.js"
import type { FanScoreItem } from "../../../src/services/schemas/FanScoreItem.js"
import { awsTestConfig, uniqueName } from "../../support/awsTestConfig.js"
import { demandTableFixture } from "../../support/demandTableFixture.js"
import { callsOf, RecordingProxy, recordingProxy } from "../../support/recordingProxy.js"
import { fanItem, freshUser } from "./dynamoDemandTableSetup.js"

const endpoint = inject("awsEndpoints").dynamodb
const tableName = uniqueName("demand-calls")

/** The adapter under test talks to DynamoDB Local through the recording proxy. */
const adapter = (upsertFirstCall: UpsertFirstCall) =>
  Layer.unwrapScoped(
    Effect.map(RecordingProxy, (proxy) =>
      Layer.scoped(
        DemandTable,
        Effect.map(
          makeDynamoTable(tableName, { maxInFlight: 3, retry: { retries: 3, baseDelay: "5 millis", maxDelay: "20 millis" } }),
          (table) => dynamoDemandTable(table, { upsertFirstCall })
        )
      ).pipe(Layer.provide(awsTestConfig({ AWS_ENDPOINT_URL: proxy.endpoint })))
    )
  )
const layers = (upsertFirstCall: UpsertFirstCall) =>
  Layer.mergeAll(adapter(upsertFirstCall), demandTableFixture(endpoint, tableName)).pipe(Layer.provideMerge(recordingProxy(endpoint)))

const upsert = (item: FanScoreItem) => Effect.flatMap(DemandTable, (table) => table.upsertFanScore(item))

const throttled = { status: 400, type: "ProvisionedThroughputExceededException" }

layer(layers("put"), { excludeTestServices: true })("DynamoDemandTable calls, put first", (it) => {
  it.effect("creates with one PutItem, finds it unchanged with one PutItem, updates with PutItem + UpdateItem", () =>
    Effect.gen(function* () {
      const item = fanItem(freshUser("calls"))
      expect(yield* callsOf(upsert(item))).toEqual({ result: "created", operations: ["PutItem"] })
      expect(yield* callsOf(upsert(item))).toEqual({ result: "unchanged", operations: ["PutItem"] })
      expect(yield* callsOf(upsert({ ...item, score: 0.1 }))).toEqual({
        result: "updated",
        operations: ["PutItem", "UpdateItem"]
      })
    }))

  it.effect("retries throttling and service faults, then succeeds", () =>
    Effect.gen(function* () {
      const proxy = yield* RecordingProxy
      const item = fanItem(freshUser("throttled"))
      proxy.failNext(3, throttled)
      expect(yield* callsOf(upsert(item))).toEqual({ result: "created", operations: Array(4).fill("PutItem") })
      yield* upsert(item)
      proxy.failNext(1, { status: 500, type: "InternalServerError" })
      proxy.failNext(2, { status: 400, type: "ThrottlingException" })
      const { result, operations } = yield* callsOf(upsert({ ...item, score: 0.2 }))
      expect(result).toBe("updated")
      expect(operations).toEqual([...Array(4).fill("PutItem"), "UpdateItem"])
    }))

  it.effect("fails at once, naming the operation, on an error a retry would not mend", () =>
    Effect.gen(function* () {
      const proxy = yield* RecordingProxy
      proxy.failNext(1, { status: 400, type: "ValidationException" })
      const { result, operations } = yield* callsOf(Effect.flip(upsert(fanItem(freshUser("invalid")))))
      expect(result).toMatchObject({ _tag: "DemandTableError", table: tableName, operation: "PutItem" })
      expect(result.reason).toContain("ValidationException")
      expect(operations).toEqual(["PutItem"])
    }))

  it.effect("reads the item with a GetItem when a failed put does not return it", () =>
    Effect.gen(function* () {
      const proxy = yield* RecordingProxy
      const item = fanItem(freshUser("no-old-item"))
      const conditionFailed = { status: 400, type: "ConditionalCheckFailedException" }
      proxy.failNext(1, conditionFailed)
      // The item is not there after all (removed in between): the upsert starts over.
      expect(yield* callsOf(upsert(item))).toEqual({ result: "created", operations: ["PutItem", "GetItem", "PutItem"] })
      proxy.failNext(1, conditionFailed)
      expect(yield* callsOf(upsert(item))).toEqual({ result: "unchanged", operations: ["PutItem", "GetItem"] })
    }))

  it.effect("starts over when another writer changes the item first, and gives up after 5 tries", () =>
    Effect.gen(function* () {
      const proxy = yield* RecordingProxy
      const item = fanItem(freshUser("contended"))
      yield* upsert(item)
      const lostRace = { status: 400, type: "ConditionalCheckFailedException", operation: "UpdateItem" }
      proxy.failNext(2, lostRace)
      const twice = yield* callsOf(upsert({ ...item, score: 0.3 }))
      expect(twice).toEqual({ result: "updated", operations: Array(3).fill(["PutItem", "UpdateItem"]).flat() })
      proxy.failNext(5, lostRace)
      const { result, operations } = yield* callsOf(Effect.flip(upsert({ ...item, score: 0.4 })))
      expect(result).toMatchObject({ _tag: "DemandTableError", operation: "UpdateItem" })
      expect(result.reason).toContain("gave up after 5 attempts")
      expect(operations).toEqual(Array(5).fill(["PutItem", "UpdateItem"]).flat())
    }))

  it.effect("fails when throttling outlasts the retries", () =>
    Effect.gen(function* () {
      const proxy = yield* RecordingProxy
      proxy.failNext(100, throttled)
      const { result, operations } = yield* callsOf(Effect.flip(upsert(fanItem(freshUser("outlasted")))))
      proxy.clearFailures()
      expect(result).toMatchObject({ _tag: "DemandTableError", operation: "PutItem" })
      expect(result.reason).toContain("ProvisionedThroughputExceededException")
      expect(operations).toEqual(Array(4).fill("PutItem"))
    }))

  it.effect("keeps at most maxInFlight calls in flight, whatever the callers' concurrency", () =>
    Effect.gen(function* () {
      const proxy = yield* RecordingProxy
      const items = Array.from({ length: 24 }, (_, i) => fanItem(freshUser(`bounded${i}`)))
      proxy.setLatency(30)
      const { result } = yield* callsOf(Effect.forEach(items, upsert, { concurrency: "unbounded" })).pipe(
        Effect.ensuring(Effect.sync(() => proxy.setLatency(0)))
      )
      expect(result).toEqual(Array(24).fill("created"))
      expect(proxy.maxInFlight()).toBeLessThanOrEqual(3)
      expect(proxy.maxInFlight()).toBeGreaterThan(1)
    }))
})

layer(layers("read"), { excludeTestServices: true })("DynamoDemandTable calls, read first", (it) => {
  it.effect("finds an unchanged item with one strongly consistent GetItem and writes nothing", () =>
    Effect.gen(function* () {
      const proxy = yield* RecordingProxy
      const item = fanItem(freshUser("read-first"))
      expect(yield* callsOf(upsert(item))).toEqual({ result: "created", operations: ["GetItem", "PutItem"] })
      const unchanged = yield* callsOf(upsert(item))
      expect(unchanged).toEqual({ result: "unchanged", operations: ["GetItem"] })
      expect(proxy.bodies().at(-1)).toMatchObject({ ConsistentRead: true })
      expect(yield* callsOf(upsert({ ...item, score: 0.1 }))).toEqual({ result: "updated", operations: ["GetItem", "UpdateItem"] })
    }))

  it.effect("goes on from the item the refused put returns when another writer creates it after the read", () =>
    Effect.gen(function* () {
      const proxy = yield* RecordingProxy
      const item = fanItem(freshUser("read-raced"))
      // The read finds nothing; the other writer's item (the same values) then refuses the put.
      const theirs = marshall({ ...item, date: { created: "2026-01-01T00:00:00.000Z", updated: "2026-01-01T00:00:00.000Z" } })
      proxy.failNext(1, { status: 400, type: "ConditionalCheckFailedException", operation: "PutItem", fields: { Item: theirs } })
      expect(yield* callsOf(upsert(item))).toEqual({ result: "unchanged", operations: ["GetItem", "PutItem"] })
    }))
})

layer(layers("adaptive"), { excludeTestServices: true })("DynamoDemandTable calls, adaptive", (it) => {
  it.effect("puts first while fans are new, reads first once most of them are already there", () =>
    Effect.gen(function* () {
      const items = Array.from({ length: 12 }, (_, i) => fanItem(freshUser(`adaptive${i}`)))
      const first = yield* callsOf(Effect.forEach(items, upsert))
      expect(first.result).toEqual(Array(12).fill("created"))
      expect(first.operations).toEqual(Array(12).fill("PutItem"))
      // The re-run: puts refused until 4 have found their item (share 1 - (15/16)^4 > 0.2), then reads.
      const again = yield* callsOf(Effect.forEach(items, upsert))
      expect(again.result).toEqual(Array(12).fill("unchanged"))
      expect(again.operations).toEqual([...Array(4).fill("PutItem"), ...Array(8).fill("GetItem")])
    }))
})

describe("isRetryableTableError", () => {
  const awsError = (name: string, status?: number) =>
    Object.assign(new Error(`${name} happened`), { name, $metadata: status === undefined ? {} : { httpStatusCode: status } })

  it("retries throttling, service faults and network errors", () => {
    for (const name of ["ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded"]) {
      expect(isRetryableTableError(awsError(name, 400))).toBe(true)
    }
    expect(isRetryableTableError(awsError("InternalServerError", 500))).toBe(true)
    expect(isRetryableTableError(awsError("ServiceUnavailable", 503))).toBe(true)
    expect(isRetryableTableError(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }))).toBe(true)
  })

  it("does not retry a failed condition, a missing table or a malformed request", () => {
    for (const name of ["ConditionalCheckFailedException", "ResourceNotFoundException", "ValidationException"]) {
      expect(isRetryableTableError(awsError(name, 400))).toBe(false)
    }
  })
})
