import { describe, expect, it } from "@effect/vitest"
import { Schema } from "effect"
import { ResumeEvent } from "../../../src/lambda/scoringBucketEvent.js"
import { deliveredSoFar, scrubbedCheckpoint } from "../../../src/pipelines/loadScoresToStream/ScrubbedCheckpoint.js"
import { maxKeptErrors } from "../../../src/pipelines/rows/errorList.js"

/** Continuations: a checkpoint travels inside an asynchronous invocation's event (256 KB at most), whatever its errors say. */

const load = { correlation: "3b9f7c1e-0000-4000-8000-000000000001", date: 1_790_000_000_000, invocations: 2 }

describe("ScrubbedCheckpoint", () => {
  it("stays far inside an asynchronous invocation's payload with 100 errors of any length and the longest key", () => {
    const errors = Array.from({ length: maxKeptErrors }, (_, at) => ({ line: at + 2, reason: `fan record not delivered: ${"x".repeat(50_000)}` }))
    const checkpoint = scrubbedCheckpoint(123_456, { accepted: 123_356, failed: 100, errors }, load)
    const key = `scrubbed/registrants.c1.${"T".repeat(960)}.20261120T0900.cleaned.prepared.merged.csv`
    const event = { resume: { key, version: "0066E2A1F09C5B3D2E", checkpoint } }
    const payload = JSON.stringify(event)
    expect(Buffer.byteLength(payload)).toBeLessThan(128 * 1024)
    expect(checkpoint.errors).toHaveLength(maxKeptErrors)
    expect(checkpoint.errors[0]!.reason).toMatch(/^fan record not delivered: x+…$/)
    // What Lambda hands back is read as the same checkpoint.
    expect(Schema.decodeUnknownSync(ResumeEvent)(JSON.parse(payload))).toEqual(event)
  })

  it("adds an invocation's deliveries to those before it, keeping the first 100 errors in the order they came", () => {
    const before = scrubbedCheckpoint(1_000, { accepted: 990, failed: 10, errors: Array.from({ length: 95 }, (_, at) => ({ line: at, reason: "a" })) }, load)
    const now = { accepted: 480, failed: 20, errors: Array.from({ length: 20 }, (_, at) => ({ line: 1_000 + at, reason: "b" })) }
    const sum = deliveredSoFar(before, now)
    expect(sum.accepted).toBe(1_470)
    expect(sum.failed).toBe(30)
    expect(sum.errors).toHaveLength(100)
    expect(sum.errors.at(-1)).toEqual({ line: 1_004, reason: "b" })
    expect(deliveredSoFar(undefined, now)).toBe(now)
  })
})
