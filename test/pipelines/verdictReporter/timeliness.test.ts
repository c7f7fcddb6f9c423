import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, TestClock } from "effect"
import { verdictReporter } from "../../../src/pipelines/verdictReporter/verdictReporter.js"
import { CampaignCounts } from "../../../src/services/CampaignCounts.js"
import { RunProgress } from "../../../src/services/RunProgress.js"
import { type MetricCounts, type MetricProperties, WorkerMetrics } from "../../../src/services/WorkerMetrics.js"
import { message, ReporterWorld, settings } from "./reporterWorld.js"

/** SPEC §13's notification timeliness: seconds from a file's counts settling, and from its load's end, to its final post. */

const loadEnd = 1_800_000_000_000

const recording = () => {
  const published: Array<{ worker: string; counts: MetricCounts; properties?: MetricProperties }> = []
  const layer = Layer.succeed(WorkerMetrics, { publish: (worker, counts, properties) => Effect.sync(() => void published.push({ worker, counts, ...(properties ? { properties } : {}) })) })
  return { published, layer }
}

/** A fanlist-like load of c1 that made 2 count-moving writes, recorded at the load's end (as sendFileReport does). */
const loaded = Effect.gen(function* () {
  yield* TestClock.setTime(loadEnd)
  yield* Effect.flatMap(RunProgress, (progress) => progress.recordFileWrites({ campaignId: "c1", run: "r1", loadId: "l1", moved: 2 }))
})

/** The counter counting `changes` of the run `afterSeconds` after the load's end. */
const countedAt = (afterSeconds: number, changes: number) =>
  Effect.gen(function* () {
    yield* TestClock.setTime(loadEnd + afterSeconds * 1000)
    yield* Effect.flatMap(CampaignCounts, (counts) =>
      counts.commitCounting({
        guard: { _tag: "Markers" },
        markers: [{ campaignId: "c1", eventID: `e${afterSeconds}` }],
        counts: [{ campaignId: "c1", delta: { verified: changes, rejected: 0, selected: 0 } }],
        counted: [{ campaignId: "c1", run: "r1", changes }]
      })
    )
  })

const body = (fields: object = {}) => message({ campaignId: "c1", count: 2, source: "fanlist/scored/c1/1.csv", run: "r1", loadId: "l1", shards: 1, since: loadEnd, ...fields })

describe("the verdict reporter's notification timeliness", () => {
  it.effect("publishes, with its final post, the seconds since the counts settled (the run's last count) and since the load's end", () => {
    const world = new ReporterWorld()
    const metrics = recording()
    return Effect.gen(function* () {
      yield* loaded
      yield* countedAt(4, 1)
      yield* countedAt(11, 1)
      yield* TestClock.setTime(loadEnd + 41_500)
      yield* verdictReporter([body({ attempt: 1 })], settings)
      expect(world.posts).toHaveLength(1)
      expect(metrics.published).toEqual([
        { worker: "verdictReporter", counts: { SettledToPostSeconds: 30.5, LoadEndToPostSeconds: 41.5 }, properties: { campaignId: "c1" } }
      ])
    }).pipe(Effect.provide(Layer.merge(world.layer, metrics.layer)))
  })

  it.effect("publishes nothing for a report not yet counted, an interim post, or counts already posted", () => {
    const world = new ReporterWorld()
    const metrics = recording()
    return Effect.gen(function* () {
      yield* loaded
      yield* countedAt(4, 1)
      yield* verdictReporter([body()], settings)
      expect(world.posts).toEqual([])
      yield* verdictReporter([body({ attempt: settings.maxAttempts })], settings)
      expect(world.posts.map((post) => post.text)).toEqual([expect.stringContaining("counting still in progress")])
      expect(metrics.published).toEqual([])
      yield* countedAt(60, 1)
      yield* TestClock.setTime(loadEnd + 90_000)
      yield* verdictReporter([body({ attempt: settings.maxAttempts + 1 })], settings)
      expect(metrics.published.map((p) => p.counts)).toEqual([{ SettledToPostSeconds: 30, LoadEndToPostSeconds: 90 }])
      // The same report again: bypassed, nothing more published.
      yield* verdictReporter([body({ attempt: settings.maxAttempts + 2 })], settings)
      expect(metrics.published).toHaveLength(1)
    }).pipe(Effect.provide(Layer.merge(world.layer, metrics.layer)))
  })

  it.effect("publishes nothing where no WorkerMetrics is provided (the local runner's tests), and posts all the same", () => {
    const world = new ReporterWorld()
    return Effect.gen(function* () {
      yield* loaded
      yield* countedAt(2, 2)
      yield* verdictReporter([body()], settings)
      expect(world.posts).toHaveLength(1)
    }).pipe(Effect.provide(world.layer))
  })
})
