import { describe, expect, it } from "@effect/vitest"
import { countDelta, isFanItem } from "../../../src/pipelines/processSavedScores/countDelta.js"
import type { TableChange } from "../../../src/services/schemas/TableChange.js"

const keys = { PK: "fan:g1", SK: "campaign:c1" }
const change = (eventName: TableChange["eventName"], oldImage?: object, newImage?: object): TableChange => ({
  eventID: "e",
  eventName,
  sequenceNumber: "1",
  keys,
  ...(oldImage === undefined ? {} : { oldImage: { ...keys, ...oldImage } }),
  ...(newImage === undefined ? {} : { newImage: { ...keys, ...newImage } })
})

describe("the counting rule (SPEC §5)", () => {
  it("counts a new fan +1 verified or +1 rejected", () => {
    expect(countDelta(change("INSERT", undefined, { isVerified: true }))).toEqual({ verified: 1, rejected: 0, selected: 0 })
    expect(countDelta(change("INSERT", undefined, { isVerified: false }))).toEqual({ verified: 0, rejected: 1, selected: 0 })
  })
  it("moves a flip from the old state to the new", () => {
    expect(countDelta(change("MODIFY", { isVerified: true }, { isVerified: false }))).toEqual({ verified: -1, rejected: 1, selected: 0 })
  })
  it("counts selection +1 and deselection −1, and a selection removed with its fan", () => {
    expect(countDelta(change("MODIFY", { isVerified: true }, { isVerified: true, verdict: true }))).toEqual({ verified: 0, rejected: 0, selected: 1 })
    expect(countDelta(change("MODIFY", { isVerified: true, verdict: true }, { isVerified: true, verdict: false }))).toEqual({ verified: 0, rejected: 0, selected: -1 })
    expect(countDelta(change("REMOVE", { isVerified: true, verdict: true }))).toEqual({ verified: -1, rejected: 0, selected: -1 })
  })
  it("counts nothing for a change that moves no count, nor for values that are not booleans", () => {
    expect(countDelta(change("MODIFY", { isVerified: true, score: 1 }, { isVerified: true, score: 2 }))).toEqual({ verified: 0, rejected: 0, selected: 0 })
    expect(countDelta(change("INSERT", undefined, { isVerified: "true", verdict: 1 }))).toEqual({ verified: 0, rejected: 0, selected: 0 })
  })
  it("knows fan items by their keys: fan:, sid:, email: and campaign:; meta items are not", () => {
    expect(["fan:g", "sid:m", "email:a@b.co"].map((PK) => isFanItem({ PK, SK: "campaign:c1" }))).toEqual([true, true, true])
    expect(isFanItem({ PK: "campaign:c1", SK: "meta:counts" })).toBe(false)
    expect(isFanItem({ PK: "fan:g1", SK: "meta:x" })).toBe(false)
  })
})
