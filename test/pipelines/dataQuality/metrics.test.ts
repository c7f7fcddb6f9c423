import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Logger, LogLevel } from "effect"
import { MemoryWorld } from "../../../src/local/memory/MemoryWorld.js"
import { embeddedMetricDocument } from "../../../src/layers/observability/WorkerMetrics.js"
import { processFanlistFile } from "../../../src/pipelines/processFanlistFile.js"
import { processScrubbedFile } from "../../../src/pipelines/processScrubbedFile.js"
import { type MetricCounts, WorkerMetrics } from "../../../src/services/WorkerMetrics.js"
import { scrubbedKey } from "../../support/scrubbedFile.js"

/** SPEC §12: the loaders' metrics carry InvalidShare, the share of the file's rows that were invalid. */

const published: Array<{ worker: string; counts: MetricCounts }> = []
const recording = Layer.succeed(WorkerMetrics, { publish: (worker, counts) => Effect.sync(() => void published.push({ worker, counts })) })

type Provided = Layer.Layer.Success<MemoryWorld["layer"]> | WorkerMetrics

const run = (key: string, lines: ReadonlyArray<string>, process: (key: string) => Effect.Effect<unknown, never, Provided>) =>
  Effect.gen(function* () {
    published.length = 0
    const world = new MemoryWorld()
    world.bucket.objects.set(key, new TextEncoder().encode(lines.join("\n")))
    yield* process(key).pipe(Effect.provide(world.layer), Effect.provide(recording), Logger.withMinimumLogLevel(LogLevel.None))
    return published
  })

describe("the loaders' InvalidShare metric", () => {
  it.effect("goes out with the worker's counts, invalid rows over all rows; the warning's own numbers stay out", () =>
    Effect.gen(function* () {
      const lines = ["globalUserId,rank,score,isVerified", "g1,0,abc,true", "g2,0,0.5,true", "g3,0,0.5,true", "g4,0,0.5,true"]
      const [scrubbed] = yield* run(scrubbedKey("c1"), lines, processScrubbedFile)
      expect(scrubbed?.worker).toBe("loadScoresToStream")
      expect(scrubbed?.counts).toMatchObject({ in: 4, invalid: 1, out: 3, "rejects.rows": 1, InvalidShare: 0.25 })
      expect(Object.keys(scrubbed!.counts).filter((name) => name.startsWith("quality"))).toEqual([])
      const fanlist = ["globalUserId,score", "g1,0.5", "g2,0.5"]
      const [clean] = yield* run("fanlist/scored/c1/20261201.csv", fanlist, processFanlistFile)
      expect(clean?.counts).toMatchObject({ "input.in": 2, InvalidShare: 0 })
    }))

  it("is a share in EMF, not a count", () => {
    const document = embeddedMetricDocument("loadScoresToStream", { in: 4, InvalidShare: 0.25 }, 1)
    expect(document._aws.CloudWatchMetrics[0]!.Metrics).toEqual([
      { Name: "in", Unit: "Count" },
      { Name: "InvalidShare", Unit: "None" }
    ])
  })
})
