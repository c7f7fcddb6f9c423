import { NodeContext } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, Option } from "effect"
import { inject } from "vitest"
import { awsSide } from "../../../src/cli/flow/awsSide.js"
import { runFiles } from "../../../src/cli/localRun.js"
import { noProgress } from "../../../src/cli/progress.js"
import type { SlackFault } from "../../../src/layers/local/SlackStandIn.js"
import { bootstrapResources, stackResources } from "../../../src/layers/local/aws/bootstrapResources.js"
import { serviceEndpointSettings, testCredentials, uniqueName, useTestCredentials } from "../../support/awsTestConfig.js"

const example = "examples/scrubbed/registrants.c1001.SummerTour2026.20261120T0900.cleaned.prepared.merged.csv"

/** A run of the example on the global stand-ins, on resources of its own: a message is dead after 2 receives, back after 1 s. */
const runOnStandIns = (slackFaults: (post: number) => SlackFault) =>
  Effect.gen(function* () {
    useTestCredentials()
    const names = uniqueName("side")
    const settings = new Map([
      ...Object.entries(serviceEndpointSettings(inject("awsEndpoints"))),
      ["AWS_ACCESS_KEY_ID", testCredentials.accessKeyId],
      ["AWS_SECRET_ACCESS_KEY", testCredentials.secretAccessKey],
      ["DEMAND_TABLE", `${names}-table`],
      ["SCORES_STREAM", `${names}-scores`],
      ["CAMPAIGN_DATA_STREAM", `${names}-data`],
      ["SCORING_BUCKET", `${names}-bucket`],
      ["VERDICT_QUEUE_URL", `http://127.0.0.1/000000000000/${names}-verdicts`]
    ])
    const resources = yield* stackResources({ visibilityTimeoutSeconds: 1, maxReceiveCount: 2 }).pipe(
      Effect.withConfigProvider(ConfigProvider.fromMap(settings))
    )
    const created = yield* bootstrapResources(resources).pipe(Effect.withConfigProvider(ConfigProvider.fromMap(settings)))
    const provider = ConfigProvider.fromMap(new Map([...settings, ["VERDICT_QUEUE_URL", created.queueUrl]]))
    const side = yield* awsSide({ mode: "test", resources: created, start: "TRIM_HORIZON", keepRecords: true }).pipe(
      Effect.withConfigProvider(provider)
    )
    const run = yield* runFiles(side, [example], Option.none(), noProgress, { slackFaults }).pipe(Effect.withConfigProvider(provider))
    const reporter = run.files.find((entry) => entry.worker === "verdictReporter")
    return { run, reporter: reporter !== undefined && "result" in reporter ? reporter.result : undefined, resources }
  }).pipe(Effect.provide(NodeContext.layer))

describe("the AWS side of the runner on the real protocols", () => {
  it.scopedLive("leaves a message whose Slack post failed on the queue: it comes back after its visibility timeout and is posted", () =>
    Effect.gen(function* () {
      const { run, reporter, resources } = yield* runOnStandIns((post) => (post === 1 ? { status: 503 } : "ok"))
      expect(resources.queue).toMatch(/-verdicts$/)
      expect(reporter).toMatchObject({ input: 2, slack: { posted: 1, bypassed: 0, failed: 1 } })
      expect(run.slackPosts).toHaveLength(1)
      expect(run.sent).toHaveLength(1) // the loader's one message, received twice
      expect(run.end.deadLetters).toBe(0)
      expect(run.end.demandTable.filter((item) => item.SK === "meta:slack:counts")).toHaveLength(1)
      expect(run.end.scoresStream).toMatchObject({ count: 18 })
      expect(run.end.scoresStream.records).toHaveLength(18)
    }))

  it.scopedLive("gives a message up to the dead-letter queue after maxReceiveCount failures, and the run still ends", () =>
    Effect.gen(function* () {
      const { run, reporter } = yield* runOnStandIns(() => ({ status: 500 }))
      expect(reporter).toMatchObject({ input: 2, slack: { posted: 0, failed: 2 } })
      expect(run.slackPosts).toEqual([])
      expect(run.end.deadLetters).toBe(1)
      expect(run.end.demandTable.filter((item) => item.SK === "meta:slack:counts")).toEqual([])
    }))
})
