import { describe, expect, it } from "@effect/vitest"
import { Effect, Logger, LogLevel } from "effect"
import fc from "fast-check"
import type { MemoryStreamFaults } from "../../../src/local/memory/MemoryRecordStream.js"
import { MemoryWorld } from "../../../src/local/memory/MemoryWorld.js"
import { loadScoresToStream } from "../../../src/pipelines/loadScoresToStream/loadScoresToStream.js"
import { csvText, type RowValues, scrubbedKey } from "../../support/scrubbedFile.js"

/** The result and the verdict message (SPEC §3.1): counts, invariants, kept errors. */

const key = scrubbedKey("c1")
const columns = ["id", "rank", "globalUserId", "score", "isVerified"]
const row = (gid: string, rank: number, values: RowValues = {}): RowValues => ({ id: `${gid}${rank}`, rank, globalUserId: gid, score: "0.5", isVerified: "true", ...values })
const throttled = { errorCode: "ProvisionedThroughputExceededException", errorMessage: "Rate exceeded" }

const load = (csv: string, faults: MemoryStreamFaults = {}) =>
  Effect.gen(function* () {
    const world = new MemoryWorld({ scoresStreamFaults: faults })
    world.bucket.objects.set(key, new TextEncoder().encode(csv))
    const result = yield* loadScoresToStream(key, { retry: { retries: 1, baseDelay: "1 millis", maxDelay: "1 millis" } }).pipe(
      Effect.provide(world.layer),
      Logger.withMinimumLogLevel(LogLevel.None)
    )
    return { result, world }
  })

describe("loadScoresToStream: result and verdict message", () => {
  it.effect("sends one verdict message whose count is out, not in or valid", () =>
    Effect.gen(function* () {
      const { result, world } = yield* load(
        csvText([row("g1", 0), row("g1", 1), row("g1", 1), row("g2", 0, { score: "x" }), row("g3", 0), row("g4", 2)], { columns })
      )
      expect(result).toEqual({
        campaignId: "c1",
        in: 6,
        valid: 4,
        invalid: 1,
        duplicate: 1,
        out: 3,
        failed: 0,
        errors: [
          { line: 4, reason: "duplicate" },
          { line: 5, reason: 'score: expected a finite number, got "x"' }
        ],
        // SPEC §12: the refused rows' file, and the warning of 1 invalid row in 6 (over 5%).
        rejects: { key: `rejects/${key}.csv`, rows: 2 },
        quality: {
          invalid: 1,
          rows: 6,
          share: 1 / 6,
          maxInvalid: 0.05,
          reasons: [{ reason: "score: expected a finite number", count: 1 }],
          rejects: `rejects/${key}.csv`
        }
      })
      expect(world.verdictQueue.sent).toMatchObject([{ body: { campaignId: "c1", count: 3, source: key }, delaySeconds: 0 }])
    }))

  it.effect("sends no verdict message when every row is invalid", () =>
    Effect.gen(function* () {
      const { result, world } = yield* load(csvText([row("g1", 0, { score: "" }), row("g2", 0, { isVerified: "no" })], { columns }))
      expect(result).toMatchObject({ in: 2, invalid: 2, out: 0 })
      expect(world.verdictQueue.sent).toMatchObject([])
    }))

  it.live("sends no verdict message when no record got onto the stream", () =>
    Effect.gen(function* () {
      const { result, world } = yield* load(csvText([row("g1", 0), row("g2", 0)], { columns }), { reject: () => throttled })
      expect(result).toMatchObject({ in: 2, valid: 2, out: 0, failed: 2 })
      expect(world.verdictQueue.sent).toMatchObject([])
    }))

  it.effect("keeps the first 100 errors, in line order, while counting every invalid row", () =>
    Effect.gen(function* () {
      const rows: Array<RowValues> = []
      for (let i = 0; i < 250; i++) rows.push(row(`g${i}`, 0, i % 2 === 0 ? { score: "bad" } : {}), row(`g${i}`, 1, { isVerified: "?" }))
      const { result } = yield* load(csvText(rows, { columns }))
      expect(result).toMatchObject({ in: 500, valid: 125, invalid: 375, duplicate: 0, out: 125 })
      expect(result.errors).toHaveLength(100)
      const lines = result.errors.map((error) => error.line)
      expect(lines).toEqual([...lines].sort((a, b) => a - b))
      // The invalid rows are lines 2, 3, 5, 7, 8, 9, 11, … : the first 100 of them.
      const invalidLines = rows.flatMap((values, i) => (values.score === "bad" || values.isVerified === "?" ? [i + 2] : []))
      expect(lines).toEqual(invalidLines.slice(0, 100))
    }))
})

// --- property: the counts add up, whatever the file ------------------------------------

interface RowPlan {
  readonly fan: number
  readonly rank: number
  readonly bad: boolean
}

/** What SPEC §3.1 says a run over these rows counts, with the fans in `rejectedFans` never accepted. */
const expectedCounts = (rows: ReadonlyArray<RowPlan>, rejectedFans: ReadonlySet<number>) => {
  let valid = 0
  let invalid = 0
  let duplicate = 0
  const groups: Array<number> = []
  const finished = new Set<number>()
  let current: { fan: number; ranks: Set<number> } | undefined
  for (const { fan, rank, bad } of rows) {
    if (bad) invalid++
    else if (current?.fan === fan) {
      if (current.ranks.has(rank)) duplicate++
      else {
        current.ranks.add(rank)
        valid++
      }
    } else if (finished.has(fan)) invalid++
    else {
      if (current) finished.add(current.fan)
      current = { fan, ranks: new Set([rank]) }
      groups.push(fan)
      valid++
    }
  }
  const failed = groups.filter((fan) => rejectedFans.has(fan)).length
  return { in: rows.length, valid, invalid, duplicate, out: groups.length - failed, failed, groups }
}

/** Rows of up to 6 fans, ranks 0–2, about one in five invalid: duplicates and returning fans happen often. */
const rowPlans = fc.array(fc.record({ fan: fc.nat(5), rank: fc.nat(2), bad: fc.nat(4).map((n) => n === 0) }), { maxLength: 40 })

describe("loadScoresToStream: counting (property)", () => {
  it("every row is one of valid, invalid, duplicate; every fan record one of out, failed", async () => {
    await fc.assert(
      fc.asyncProperty(rowPlans, fc.subarray([0, 1, 2, 3, 4, 5]), async (plans, rejected) => {
        const rejectedFans = new Set(rejected)
        const csv = csvText(
          plans.map(({ fan, rank, bad }) => row(`g${fan}`, rank, bad ? { score: "NaN" } : {})),
          { columns }
        )
        const { result, world } = await Effect.runPromise(
          load(csv, { reject: (entry) => (rejectedFans.has(Number(entry.partitionKey.slice(1))) ? throttled : undefined) })
        )
        const expected = expectedCounts(plans, rejectedFans)
        expect(result.in).toBe(result.valid + result.invalid + result.duplicate)
        expect(result).toMatchObject({
          in: expected.in,
          valid: expected.valid,
          invalid: expected.invalid,
          duplicate: expected.duplicate,
          out: expected.out,
          failed: expected.failed
        })
        expect(world.scoresStream.fanEntries()).toHaveLength(result.out)
        expect(result.errors).toHaveLength(Math.min(100, result.invalid + result.duplicate + result.failed))
        expect(world.verdictQueue.sent.map((message) => message.body.count)).toEqual(result.out > 0 ? [result.out] : [])
      }),
      { numRuns: 60 }
    )
  })
})
