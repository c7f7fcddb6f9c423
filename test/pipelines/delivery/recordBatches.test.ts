import { describe, expect, it } from "@effect/vitest"
import fc from "fast-check"
import { type Outbound, outbound, putRecordsLimits, RecordBatcher } from "../../../src/pipelines/delivery/recordBatches.js"

const MiB = 1024 * 1024

/** An outbound entry of about `bytes` bytes (data + partition key), tagged with `id`. */
const item = (id: number, bytes: number): Outbound<number> => outbound(`p${id}`, "x".repeat(Math.max(0, bytes - `p${id}`.length)), id)

const batchAll = <M>(items: ReadonlyArray<Outbound<M>>, batcher = new RecordBatcher<M>()) => [
  ...batcher.push(items),
  ...batcher.end()
]

const totalBytes = (batch: ReadonlyArray<Outbound<unknown>>) => batch.reduce((sum, entry) => sum + entry.size, 0)

describe("outbound", () => {
  it("counts the UTF-8 bytes of the data and of the partition key", () => {
    const entry = outbound("ü1", '{"name":"Zoë"}', "meta")
    expect(entry.entry.partitionKey).toBe("ü1")
    expect(new TextDecoder().decode(entry.entry.data)).toBe('{"name":"Zoë"}')
    expect(entry.size).toBe(15 + 3)
    expect(entry.meta).toBe("meta")
  })
})

describe("RecordBatcher", () => {
  it("uses the Kinesis PutRecords limits by default: 500 records, 5 MiB", () => {
    expect(putRecordsLimits).toMatchObject({ records: 500, bytes: 5 * MiB })
  })

  it("cuts small records into batches of at most 500", () => {
    const items = Array.from({ length: 1234 }, (_, i) => item(i, 100))
    const batches = batchAll(items)
    expect(batches.map((batch) => batch.length)).toEqual([500, 500, 234])
    expect(batches.flat().map((entry) => entry.meta)).toEqual(items.map((entry) => entry.meta))
  })

  it("cuts big records into batches of at most 5 MiB, data and partition keys included", () => {
    const items = Array.from({ length: 12 }, (_, i) => item(i, 900 * 1024))
    const batches = batchAll(items)
    for (const batch of batches) expect(totalBytes(batch)).toBeLessThanOrEqual(5 * MiB)
    expect(batches.map((batch) => batch.length)).toEqual([5, 5, 2])
  })

  it("fills a batch up to exactly 5 MiB", () => {
    const items = Array.from({ length: 6 }, (_, i) => item(i, MiB))
    expect(batchAll(items).map((batch) => batch.length)).toEqual([5, 1])
  })

  it("counts the partition key against the 5 MiB", () => {
    // Five records whose data alone is exactly 1 MiB: with their keys they no longer fit in one call.
    const items = Array.from({ length: 5 }, (_, i) => outbound(`key-${i}`, "x".repeat(MiB), i))
    expect(batchAll(items).map((batch) => batch.length)).toEqual([4, 1])
  })

  it("keeps batches across pushes and gives the rest at the end", () => {
    const batcher = new RecordBatcher<number>({ records: 3, bytes: 1000 })
    expect(batcher.push([item(1, 10), item(2, 10)])).toEqual([])
    const full = batcher.push([item(3, 10), item(4, 10)])
    expect(full.map((batch) => batch.map((entry) => entry.meta))).toEqual([[1, 2, 3]])
    expect(batcher.end().map((batch) => batch.map((entry) => entry.meta))).toEqual([[4]])
    expect(batcher.end()).toEqual([])
  })

  it("gives no batch for no records", () => {
    expect(batchAll([])).toEqual([])
  })

  it("keeps order, loses nothing, respects both limits and fills each batch greedily (property)", () => {
    const limits = { records: 7, bytes: 1000 }
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 3, max: 400 }), { maxLength: 80 }),
        fc.array(fc.nat(80), { maxLength: 5 }),
        (sizes, cuts) => {
          const items = sizes.map((size, i) => item(i, size))
          const batcher = new RecordBatcher<number>(limits)
          const batches: Array<ReadonlyArray<Outbound<number>>> = []
          let from = 0
          for (const at of [...cuts].sort((a, b) => a - b)) {
            batches.push(...batcher.push(items.slice(from, Math.max(from, at))))
            from = Math.max(from, at)
          }
          batches.push(...batcher.push(items.slice(from)), ...batcher.end())
          expect(batches.flat().map((entry) => entry.meta)).toEqual(items.map((entry) => entry.meta))
          batches.forEach((batch, i) => {
            expect(batch.length).toBeGreaterThan(0)
            expect(batch.length).toBeLessThanOrEqual(limits.records)
            expect(totalBytes(batch)).toBeLessThanOrEqual(limits.bytes)
            const next = batches[i + 1]?.[0]
            if (next) {
              const wouldFit = batch.length < limits.records && totalBytes(batch) + next.size <= limits.bytes
              expect(wouldFit).toBe(false)
            }
          })
        }
      ),
      { numRuns: 300 }
    )
  })
})
