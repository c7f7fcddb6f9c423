import { describe, expect, it } from "@effect/vitest"
import { Effect, Logger, LogLevel } from "effect"
import { AwsLayer, loadScoresToStream } from "vf-scoring-workers"
import { MemoryWorld } from "vf-scoring-workers/testing"
import { countFans } from "../../examples/fanCount/countFans.js"
import { csvBytes } from "../support/csvText.js"

/** The README's two compositions, through the package's export map: a program on the in-memory world, and stages alone. */

const key = "scrubbed/registrants.c1.Tour.20261201.cleaned.prepared.merged.csv"
const row = (globalUserId: string, rank: number, score: string) => ({ id: `${globalUserId}${rank}`, globalUserId, score, isVerified: "true" })
const world = () => {
  const memory = new MemoryWorld()
  memory.bucket.objects.set(key, csvBytes([row("g1", 0, "0.5"), row("g1", 1, "0.7"), row("g2", 0, "x"), row("g3", 0, "0.1"), row("g3", 0, "0.2")]))
  return memory
}

describe("README compositions", () => {
  it.effect("a worker's program provided with layers: loadScoresToStream on the in-memory world", () =>
    Effect.gen(function* () {
      const memory = world()
      const result = yield* loadScoresToStream(key).pipe(Effect.provide(memory.layer), Logger.withMinimumLogLevel(LogLevel.None))
      expect(result).toMatchObject({ campaignId: "c1", in: 5, valid: 3, invalid: 1, duplicate: 1, out: 2, failed: 0 })
      expect(memory.scoresStream.records().map((record) => record.partitionKey)).toEqual(["g1", "g3"])
      // The live composition of the README type-checks against the same program.
      const live: Effect.Effect<unknown, unknown, never> = loadScoresToStream(key).pipe(Effect.provide(AwsLayer))
      expect(Effect.isEffect(live)).toBe(true)
    }))

  it.effect("stages alone: the fans of a scrubbed file counted, nothing written", () =>
    Effect.gen(function* () {
      const memory = world()
      const counted = yield* countFans(key, "c1").pipe(Effect.provide(memory.layer), Logger.withMinimumLogLevel(LogLevel.None))
      expect(counted).toEqual({ fans: 2, valid: 3, invalid: 1, duplicate: 1 })
      expect(memory.scoresStream.records()).toEqual([])
    }))
})
