import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { ingestKB, itemSizeBytes, numberSizeBytes, putPayloadUnits, readUnits, sqsRequests, writeUnits } from "../../bench/awsCost.js"
import { priceScenarios, pricingTable } from "../../bench/pricing.js"

describe("itemSizeBytes (DynamoDB's item size)", () => {
  it("adds attribute names and values: strings in UTF-8 bytes, numbers by significant digits, booleans and null 1", () => {
    expect(itemSizeBytes({ PK: "fan:g1" })).toBe(2 + 6)
    expect(itemSizeBytes({ name: "Zoë" })).toBe(4 + 4)
    expect(itemSizeBytes({ isVerified: true, gone: null })).toBe(10 + 1 + 4 + 1)
    expect(itemSizeBytes({ skipped: undefined })).toBe(0)
    // ⌈significant digits / 2⌉ + 1, leading and trailing zeros trimmed
    expect([0.93, 100, 123456, -0.5, 1_767_225_600].map(numberSizeBytes)).toEqual([2, 2, 4, 2, 5])
  })

  it("gives maps and lists 3 bytes, and 1 a element", () => {
    expect(itemSizeBytes({ tags: ["vip", "presale"] })).toBe(4 + 3 + (3 + 1) + (7 + 1))
    expect(itemSizeBytes({ tags: [] })).toBe(4 + 3)
    // events: 3 + ("0" 1 + {market: "Chicago"} (3 + 6 + 7 + 1) + 1)
    const fan = { PK: "fan:g1", SK: "campaign:c1", score: 0.93, isVerified: true, events: { "0": { market: "Chicago" } } }
    expect(itemSizeBytes(fan)).toBe(8 + 13 + (5 + 2) + (10 + 1) + (6 + 3 + (1 + 17 + 1)))
  })
})

describe("request units", () => {
  it("round writes up to 1 KB, twice in a transaction, one at least", () => {
    expect([0, 1, 1024, 1025, 3 * 1024 + 1].map((bytes) => writeUnits(bytes))).toEqual([1, 1, 1, 2, 4])
    expect(writeUnits(1025, true)).toBe(4)
  })

  it("round reads up to 4 KB: strong 1, eventual 0.5, transactional 2", () => {
    expect([0, 4096, 4097].map((bytes) => readUnits(bytes))).toEqual([1, 1, 2])
    expect(readUnits(100, "eventual")).toBe(0.5)
    expect(readUnits(8193, "eventual")).toBe(1.5)
    expect(readUnits(4097, "transactional")).toBe(4)
  })

  it("count Kinesis PUT payload units of 25 KB, on-demand ingest in KB, SQS requests of 64 KB", () => {
    expect([1, 25 * 1024, 25 * 1024 + 1, 1000 * 1024].map(putPayloadUnits)).toEqual([1, 1, 2, 40])
    expect([1, 1024, 1025].map(ingestKB)).toEqual([1, 1, 2])
    expect([10, 64 * 1024, 64 * 1024 + 1].map(sqsRequests)).toEqual([1, 1, 2])
  })
})

describe("priceScenarios on the in-memory flow", () => {
  const root = mkdtempSync(join(tmpdir(), "vf-pricing-"))
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  it("counts a write per item created, a read per item on an identical re-run once the adapter reads first, and updates for changed fans", async () => {
    const result = await priceScenarios(root, 200)
    const [first, again, changed] = result.scenarios
    expect(result.scenarios.map((s) => s.rows)).toEqual([200, 200, 200])

    const created = first!.usage.upserts.created
    expect(created).toBeGreaterThan(50)
    expect(created).toBe(first!.fanItems)
    expect(first!.usage.dynamo["upsert: PutItem created"]?.calls).toBe(created)
    expect(first!.usage.dynamo["upsert: PutItem created"]!.wru).toBeGreaterThanOrEqual(created)
    expect(first!.usage.dynamo["counts: TransactWriteItems"]?.wru).toBeGreaterThanOrEqual(2 * created)
    // Every fan record goes to the stream, with one end-of-file mark: one PUT payload unit each (records < 25 KB).
    expect(first!.usage.kinesis.putPayloadUnits).toBe(created + 1)

    // The same file again: no item created, nothing counted. The first 4 conditional puts are refused (and
    // paid); then the adapter reads first: one strongly consistent read of each other fan, nothing written.
    expect(again!.fanItems).toBe(created)
    expect(again!.usage.upserts).toEqual({ created: 0, updated: 0, unchanged: created })
    expect(again!.usage.dynamo["upsert: PutItem created"]).toBeUndefined()
    expect(again!.usage.dynamo["upsert: PutItem refused"]?.calls).toBe(4)
    expect(again!.usage.dynamo["upsert: GetItem"]).toEqual({ calls: created - 4, wru: 0, rru: created - 4 })
    expect(again!.usage.dynamo["counts: TransactWriteItems"]).toBeUndefined()
    expect(again!.lines.find((line) => line.line === "DynamoDB writes")!.dollars).toBeGreaterThan(0)

    // Every 10th fan's score changed: about a tenth updated, the rest unchanged.
    const { updated, unchanged } = changed!.usage.upserts
    expect(updated + unchanged).toBe(created)
    expect(updated).toBeGreaterThan(created / 20)
    expect(updated).toBeLessThan(created / 5)
    expect(changed!.usage.dynamo["upsert: UpdateItem"]?.calls).toBe(updated)

    // Reading first made the re-runs cheaper than putting first; a first load puts first throughout.
    expect(again!.upserts.now).toBeLessThan(again!.upserts.putFirst * 0.3)
    expect(changed!.upserts.now).toBeLessThan(changed!.upserts.putFirst * 0.5)
    expect(first!.upserts.now).toBe(first!.upserts.putFirst)
    expect(first!.usage.dynamo["upsert: GetItem"]).toBeUndefined()
    const table = pricingTable(result)
    expect(table).toContain("| first load | DynamoDB writes |")
    expect(table).toContain("**identical re-run** | **total**")
  })
})
