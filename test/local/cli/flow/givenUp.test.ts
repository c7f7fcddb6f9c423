import { NodeContext } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Context, Effect, Option } from "effect"
import type { FlowSide } from "../../../../src/local/cli/flow/FlowSide.js"
import { memorySide } from "../../../../src/local/cli/flow/memorySide.js"
import { runFiles } from "../../../../src/local/cli/localRun.js"
import { noProgress } from "../../../../src/local/cli/progress.js"
import { failureLines, runFailures } from "../../../../src/local/cli/runFailures.js"
import { MemoryWorld } from "../../../../src/local/memory/MemoryWorld.js"
import { CampaignCounts } from "../../../../src/services/CampaignCounts.js"
import { DemandTableError } from "../../../../src/services/errors.js"

const example = "examples/scrubbed/registrants.c1001.SummerTour2026.20261120T0900.cleaned.prepared.merged.csv"

/** The in-memory side with a counter whose counts update always fails, and mappings that retry fast. */
const brokenCounter = (world: MemoryWorld) =>
  Effect.map(memorySide(world), (side): FlowSide => {
    const counts = Context.get(side.services, CampaignCounts)
    const failing = CampaignCounts.of({
      ...counts,
      commitCounting: () => Effect.fail(new DemandTableError({ table: "demand-table", operation: "TransactWriteItems", reason: "throttled" }))
    })
    return { ...side, services: Context.add(side.services, CampaignCounts, failing), retry: { retries: 3, baseDelayMillis: 1, maxDelayMillis: 2 } }
  })

describe("a run whose changes cannot all be applied (SPEC §8)", () => {
  it.scopedLive("lists what the mappings gave up on, names reconcile, and posts no counts as final", () =>
    Effect.gen(function* () {
      const world = new MemoryWorld()
      const side = yield* brokenCounter(world)
      const settings = new Map([["VERDICT_MAX_ATTEMPTS", "2"], ["VERDICT_GIVE_UP_SECONDS", "4"]])
      const run = yield* runFiles(side, [example], Option.none(), noProgress).pipe(
        Effect.withConfigProvider(ConfigProvider.fromMap(settings)),
        Effect.provide(NodeContext.layer)
      )
      expect(run.givenUp.length).toBeGreaterThan(0)
      expect(run.givenUp.every((failure) => failure.consumer === "processSavedScores")).toBe(true)
      expect(run.givenUp.reduce((sum, failure) => sum + failure.records, 0)).toBe(18)
      const failures = runFailures(run.files, run.givenUp, run.end.deadLetters)
      expect(failures?.reconcile).toEqual(["vf-workers reconcile c1001"])
      const lines = failureLines(failures).join("\n")
      expect(lines).toContain("processSavedScores ← demand table stream: ")
      expect(lines).toContain("vf-workers reconcile c1001")
      // The counts never moved: the reporter waits, posts at its cap that counting is in progress, never as final.
      expect(run.slackPosts).toHaveLength(1)
      expect(run.slackPosts[0]!.text).toContain("counting still in progress")
      const reporter = run.files.filter((entry) => entry.worker === "verdictReporter")
      expect(reporter).toMatchObject([{ result: { requeue: { gaveUp: 1 } } }])
    }), 60_000)
})
