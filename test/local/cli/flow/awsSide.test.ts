import { NodeContext } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Option } from "effect"
import { inject } from "vitest"
import { runFiles } from "../../../../src/local/cli/localRun.js"
import { noProgress } from "../../../../src/local/cli/progress.js"
import type { SlackFault } from "../../../../src/local/standIns/SlackStandIn.js"
import { serviceEndpointSettings } from "../../../support/awsTestConfig.js"
import { sideOnOwnResources } from "../../../support/ownResources.js"

const example = "examples/scrubbed/registrants.c1001.SummerTour2026.20261120T0900.cleaned.prepared.merged.csv"

/** A run of the example on the global stand-ins, on resources of its own: a message is dead after 2 receives, back after 1 s. */
const runOnStandIns = (slackFaults: (post: number) => SlackFault) =>
  Effect.gen(function* () {
    const endpoints = serviceEndpointSettings(inject("awsEndpoints"))
    const own = yield* sideOnOwnResources({ endpoints, label: "side", visibilityTimeoutSeconds: 1, maxReceiveCount: 2 })
    const { side, provider, wanted: resources, keeper } = own
    const run = yield* runFiles(side, [example], Option.none(), noProgress, { slackFaults, keeper }).pipe(Effect.withConfigProvider(provider))
    const reporter = run.files.find((entry) => entry.worker === "verdictReporter")
    return { run, kept: keeper.records, reporter: reporter !== undefined && "result" in reporter ? reporter.result : undefined, resources }
  }).pipe(Effect.provide(NodeContext.layer))

describe("the AWS side of the runner on the real protocols", () => {
  it.scopedLive("asks again a few seconds after a Slack post failed (no wait for the visibility timeout), and posts then", () =>
    Effect.gen(function* () {
      const { run, kept, reporter, resources } = yield* runOnStandIns((post) => (post === 1 ? { status: 503 } : "ok"))
      expect(resources.queue).toMatch(/-verdicts$/)
      expect(reporter).toMatchObject({ input: 2, slack: { posted: 1, bypassed: 0, failed: 1 } })
      expect(run.slackPosts).toHaveLength(1)
      expect(run.sent).toMatchObject([{ delaySeconds: 0 }, { delaySeconds: 5 }]) // the loader's message, and the reporter's ask-again
      expect(run.end.deadLetters).toBe(0)
      expect(run.end.demandTable.campaigns.filter((item) => item.SK === "meta:slack:counts")).toHaveLength(1)
      expect(run.end.scoresStream).toMatchObject({ count: 18 })
      expect(kept.scoresStream).toHaveLength(18)
    }))

  it.scopedLive("gives a message whose post Slack refuses for good (a bad token) up to the dead-letter queue after maxReceiveCount failures, and the run still ends", () =>
    Effect.gen(function* () {
      const { run, reporter } = yield* runOnStandIns(() => ({ error: "invalid_auth" }))
      expect(reporter).toMatchObject({ slack: { posted: 0 } })
      expect((reporter as { slack: { failed: number } }).slack.failed).toBeGreaterThanOrEqual(2)
      expect(run.slackPosts).toEqual([])
      expect(run.end.deadLetters).toBe(1)
      expect(run.end.demandTable.campaigns.filter((item) => item.SK === "meta:slack:counts")).toEqual([])
    }),
    90_000
  )
})
