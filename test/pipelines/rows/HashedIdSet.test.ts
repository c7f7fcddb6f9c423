import { describe, expect, it } from "@effect/vitest"
import fc from "fast-check"
import { HashedIdSet } from "../../../src/pipelines/rows/HashedIdSet.js"

describe("HashedIdSet", () => {
  it("behaves as a Set of strings over any sequence of adds and lookups", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 12 }), { maxLength: 400 }), fc.array(fc.string({ maxLength: 12 })), (added, probed) => {
        const set = new HashedIdSet(2)
        const reference = new Set<string>()
        for (const id of added) expect(set.add(id)).toBe(!reference.has(id) && reference.add(id) !== undefined)
        expect(set.size).toBe(reference.size)
        for (const id of [...added, ...probed]) expect(set.has(id)).toBe(reference.has(id))
      })
    )
  })

  it("keeps a million similar ids apart while growing", () => {
    const set = new HashedIdSet()
    for (let i = 0; i < 1_000_000; i++) set.add(`GU${i}`)
    expect(set.size).toBe(1_000_000)
    let wrong = 0
    for (let i = 0; i < 1_000_000; i++) if (!set.has(`GU${i}`) || set.has(`GV${i}`)) wrong++
    expect(wrong).toBe(0)
  })
})
