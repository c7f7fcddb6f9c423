import { describe, expect, it } from "@effect/vitest"
import { Effect, Either, Layer, Logger, LogLevel, Option } from "effect"
import { memoryCampaignCounts } from "../../../src/local/memory/MemoryCampaignCounts.js"
import type { MemoryWorld } from "../../../src/local/memory/MemoryWorld.js"
import { processSavedScores } from "../../../src/pipelines/processSavedScores/processSavedScores.js"
import { saveFanlistScores } from "../../../src/pipelines/saveFanlistScores/saveFanlistScores.js"
import { CampaignCounts } from "../../../src/services/CampaignCounts.js"
import { DemandTable } from "../../../src/services/DemandTable.js"
import { DemandTableError } from "../../../src/services/errors.js"
import { RunProgress } from "../../../src/services/RunProgress.js"
import { toTheEnd } from "../../support/retryClock.js"
import { fanItems, fanlistKey, fanlistWorld } from "./fanlistFixture.js"

/** A fanlist upsert that fails after the table's own retries is retried, and failing still fails the load (SPEC §10: nothing lost). */

const csv = "globalUserId,memberId,email,score,isVerified\ng1,m1,,0.9,\n,m2,x@y.io,0.8,false\n,,z@y.io,0.7,\n"
const upsertRetry = { retries: 3, baseDelay: "100 millis", maxDelay: "1 second" } as const

type Fault = "refused" | "lost reply"

/**
 * The load (version v1: every try the same run) over the world's table, failing the upserts
 * `fault` names by PK and try (1-based, over the whole test); `tries` counts them.
 */
const load = (world: MemoryWorld, fault: (pk: string, attempt: number) => Fault | undefined, tries: Map<string, number>) => {
  const table = DemandTable.of({
    ...world.demandTable.service,
    upsertStamped: (item, stamp) => Effect.suspend(() => {
      const attempt = (tries.get(item.PK) ?? 0) + 1
      tries.set(item.PK, attempt)
      const failing = fault(item.PK, attempt)
      const error = Effect.fail(new DemandTableError({ table: "t", operation: "PutItem", reason: `${failing} (try ${attempt})` }))
      if (failing === undefined) return world.demandTable.upsertStamped(item, stamp)
      return failing === "refused" ? error : Effect.zipRight(world.demandTable.upsertStamped(item, stamp), error)
    })
  })
  const run = saveFanlistScores(fanlistKey, { version: "v1", upsertRetry, retry: { retries: 3, baseDelay: "1 millis", maxDelay: "2 millis" } })
  return toTheEnd(Effect.either(run)).pipe(
    Effect.provide(Layer.merge(world.layer, Layer.succeed(DemandTable, table))),
    Effect.provide(Logger.minimumLogLevel(LogLevel.None))
  )
}

/** The counter over every change of the table, then the run's progress: counted = expected, the evidence exact. */
const runEvidence = (world: MemoryWorld) =>
  Effect.gen(function* () {
    yield* processSavedScores({ changes: world.demandTable.changesFrom(0), shard: "s/0" }).pipe(Effect.provide(Layer.succeed(CampaignCounts, memoryCampaignCounts(world.demandTable))))
    const run = world.verdictQueue.sent.at(-1)!.body.run!
    return Option.getOrThrow(yield* Effect.flatMap(RunProgress, (p) => p.progress("c1", run)).pipe(Effect.provide(world.layer)))
  })

describe("saveFanlistScores: upserts that fail after the table's retries", () => {
  it.effect("retries a fan's upsert that fails twice, then stores it: counted out, on the stream, in the message", () =>
    Effect.gen(function* () {
      const world = fanlistWorld(csv)
      const tries = new Map<string, number>()
      const result = yield* load(world, (pk, attempt) => (pk === "sid:m2" && attempt <= 2 ? "refused" : undefined), tries)
      expect(Either.isRight(result) && result.right).toMatchObject({ dynamo: { in: 3, failed: 0, out: 3 }, stream: { in: 3, failed: 0, out: 3 }, errors: [] })
      expect(tries.get("sid:m2")).toBe(3)
      expect(fanItems(world).map((item) => item.PK).sort()).toEqual(["email:z@y.io", "fan:g1", "sid:m2"])
      expect(world.campaignDataStream.records().map((r) => r.partitionKey)).toEqual(["g1", "m2", "z@y.io"])
      expect(world.verdictQueue.sent.map((m) => m.body.count)).toEqual([3])
    }))

  it.effect("retries a fan whose write was applied but its reply lost, and counts its write once", () =>
    Effect.gen(function* () {
      const world = fanlistWorld(csv)
      const result = yield* load(world, (pk, attempt) => (pk === "sid:m2" && attempt === 1 ? "lost reply" : undefined), new Map())
      expect(Either.isRight(result) && result.right.dynamo).toEqual({ in: 3, failed: 0, out: 3 })
      const progress = yield* runEvidence(world)
      expect([progress.counted, progress.expected]).toEqual([3, 3])
    }))

  it.effect("fails the load, naming the fans and their lines, after the other fans are saved; the load run again saves them, counted once", () =>
    Effect.gen(function* () {
      const world = fanlistWorld(csv)
      const tries = new Map<string, number>()
      // The table refuses m2 (line 3) and z@y.io (line 4) on every try: the first one's write applied, its reply lost.
      const down = (pk: string, attempt: number): Fault | undefined =>
        pk === "sid:m2" ? (attempt === 1 ? "lost reply" : "refused") : pk === "email:z@y.io" ? "refused" : undefined
      const failed = yield* load(world, down, tries)
      expect(Either.isLeft(failed) && failed.left).toMatchObject({ _tag: "FansNotSaved", count: 2, lines: [3, 4] })
      expect(Either.isLeft(failed) && failed.left.message).toContain("2 fans not saved after retries (lines 3, 4)")
      expect([tries.get("sid:m2"), tries.get("email:z@y.io")]).toEqual([1 + upsertRetry.retries, 1 + upsertRetry.retries])
      // The other fans are stored and on the stream; nothing reports a load that failed.
      expect(fanItems(world).map((item) => item.PK).sort()).toEqual(["fan:g1", "sid:m2"])
      expect(world.campaignDataStream.records().map((r) => r.partitionKey)).toEqual(["g1"])
      expect(world.verdictQueue.sent).toEqual([])

      // S3 runs the load again (the same object version: the same run), the table back.
      const again = yield* load(world, () => undefined, tries)
      expect(Either.isRight(again) && again.right.dynamo).toEqual({ in: 3, failed: 0, out: 3 })
      expect(fanItems(world).map((item) => item.PK).sort()).toEqual(["email:z@y.io", "fan:g1", "sid:m2"])
      const progress = yield* runEvidence(world)
      expect([progress.counted, progress.expected]).toEqual([3, 3])
    }))
})
