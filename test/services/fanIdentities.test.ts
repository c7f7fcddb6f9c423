import { describe, expect, it } from "vitest"
import fc from "fast-check"
import { changeDay, changeDays } from "../../src/services/changeDays.js"
import { duplicateCounter, IdentityFingerprints, identitiesOf } from "../../src/services/fanIdentities.js"

describe("fan identities", () => {
  it("takes a fan item's identifiers from its key and its attributes, each once, by kind", () => {
    expect([...identitiesOf({ PK: "fan:g1", SK: "campaign:c", globalUserId: "g1", memberId: "m1", email: "a@b.co" })]).toEqual(["g:g1", "m:m1", "e:a@b.co"])
    expect([...identitiesOf({ PK: "sid:m1", SK: "campaign:c" })]).toEqual(["m:m1"])
    expect([...identitiesOf({ PK: "email:x:y@b.co", SK: "campaign:c", memberId: "" })]).toEqual(["e:x:y@b.co"])
    // A memberId equal to a globalUserId is not the same identifier.
    expect([...identitiesOf({ PK: "fan:7", SK: "campaign:c", memberId: "7" })]).toEqual(["g:7", "m:7"])
  })

  it("counts the items that share an identifier with an earlier one: fan items beyond the first", () => {
    const isDuplicate = duplicateCounter()
    const items = [
      { PK: "fan:g1", SK: "campaign:c", memberId: "m1" },
      { PK: "fan:g2", SK: "campaign:c", email: "b@c.co" },
      { PK: "sid:m1", SK: "campaign:c", memberId: "m1" },
      { PK: "email:b@c.co", SK: "campaign:c", email: "b@c.co" },
      { PK: "sid:m3", SK: "campaign:c" },
      { PK: "fan:m3", SK: "campaign:c" }
    ]
    expect(items.map(isDuplicate)).toEqual([false, false, true, true, false, false])
  })

  it("holds the same set as a Set of strings, through many growths (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 12 }), { maxLength: 3000 }), fc.array(fc.string({ maxLength: 12 }), { maxLength: 200 }), (added, probed) => {
        const fingerprints = new IdentityFingerprints()
        const set = new Set<string>()
        for (const identity of added) fingerprints.add(identity), set.add(identity)
        expect(fingerprints.count).toBe(set.size)
        for (const identity of [...added, ...probed]) expect(fingerprints.has(identity)).toBe(set.has(identity))
      }),
      { numRuns: 40, seed: 13 }
    )
  })

  it("tells 200,000 distinct identifiers apart", () => {
    const fingerprints = new IdentityFingerprints()
    for (let i = 0; i < 200_000; i++) fingerprints.add(`g:user-${i}`)
    expect(fingerprints.count).toBe(200_000)
    let falsePositives = 0
    for (let i = 200_000; i < 400_000; i++) if (fingerprints.has(`g:user-${i}`)) falsePositives++
    expect(falsePositives).toBe(0)
  })
})

describe("change days", () => {
  it("names UTC days, and lists those from a time's day to now", () => {
    const at = Date.UTC(2026, 11, 6, 23, 59, 59)
    expect(changeDay(at)).toBe("2026-12-06")
    expect(changeDays(at, at + 2_000)).toEqual(["2026-12-06", "2026-12-07"])
    expect(changeDays(at - 24 * 3600_000, at)).toEqual(["2026-12-05", "2026-12-06"])
    expect(changeDays(at, at)).toEqual(["2026-12-06"])
    expect(changeDays(at + 2 * 24 * 3600_000, at)).toEqual([])
  })
})
