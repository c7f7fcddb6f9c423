import { describe, expect, it } from "@effect/vitest"
import fc from "fast-check"
import { ItemText } from "../../../src/local/memory/itemText.js"
import type { DemandItem } from "../../../src/services/schemas/FanScoreItem.js"

const names = fc.constantFrom("PK", "SK", "score", "events", "tags", "0", "12", "__proto__", "a\"b", "date", "lastWrite")
const value = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined), fc.constant(new Date(0)), fc.constant(() => 1))
const item = fc.dictionary(names, value, { maxKeys: 8 }).map((attributes) => ({ PK: "fan:g", SK: "campaign:c", ...attributes }) as DemandItem)

describe("ItemText", () => {
  it("reads back what JSON would: the same attributes, in the same order", () => {
    const text = new ItemText()
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 5 }), (items) => {
        for (const one of items) {
          const read = text.decode(text.encode(one))
          const json = JSON.parse(JSON.stringify(one)) as unknown
          expect(read).toStrictEqual(json)
          expect(JSON.stringify(read)).toBe(JSON.stringify(json))
          expect(Object.getPrototypeOf(read)).toBe(Object.prototype)
        }
      }),
      { numRuns: 2_000 }
    )
  })

  it("stores items of one shape in less than their JSON, and gives a fresh copy each read", () => {
    const text = new ItemText()
    const one = { PK: "fan:g1", SK: "campaign:c", campaignId: "c", globalUserId: "g1", score: 0.5, isVerified: true, events: { "0": { market: "Denver" } } }
    const stored = text.encode(one)
    expect(stored.length).toBeLessThan(JSON.stringify(one).length * 0.75)
    expect(text.decode(stored)).not.toBe(text.decode(stored))
    expect(text.decode(text.encode({ ...one, PK: "fan:g2" }))).toStrictEqual({ ...one, PK: "fan:g2" })
  })
})
