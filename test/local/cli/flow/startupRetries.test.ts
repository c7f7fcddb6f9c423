import { NodeContext } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, Option } from "effect"
import { inject } from "vitest"
import { awsSide } from "../../../../src/local/cli/flow/awsSide.js"
import { collectingKeeper } from "../../../../src/local/cli/flow/RecordKeeper.js"
import { runFiles } from "../../../../src/local/cli/localRun.js"
import { noProgress } from "../../../../src/local/cli/progress.js"
import { bootstrapResources, stackResources } from "../../../../src/local/standIns/aws/bootstrapResources.js"
import { lookupResources } from "../../../../src/local/standIns/aws/lookupResources.js"
import { type AwsCall, type AwsFaultKind, faultProxyScoped } from "../../../support/faults/faultProxy.js"
import { ownResourceSettings } from "../../../support/ownResources.js"

/**
 * SPEC §8: the runner's own transient errors never end a run, its lookups at the start
 * included. Behind a proxy that fails the first calls of every lookup (DescribeTable,
 * DescribeStreamSummary, ListShards, DescribeStream, GetShardIterator, GetQueueUrl,
 * GetQueueAttributes, HeadBucket) with throttling, 5xx and resets, more often in a row
 * than the SDK's own 3 attempts absorb, a run starts and ends as a fault-free one does; a
 * missing resource still fails at once, in one line.
 */

const example = "examples/scrubbed/registrants.c1001.SummerTour2026.20261120T0900.cleaned.prepared.merged.csv"
/** The lookups as the proxy tells calls apart: `service.Operation` (S3's by HTTP method). */
const lookups = [
  "dynamodb.DescribeTable",
  "kinesis.DescribeStreamSummary",
  "kinesis.ListShards",
  "kinesis.GetShardIterator",
  "dynamodbstreams.DescribeStream",
  "dynamodbstreams.GetShardIterator",
  "sqs.GetQueueUrl",
  "sqs.GetQueueAttributes",
  "s3.HEAD"
]
/** Calls of each lookup that fail: the SDK's 3 attempts of its first call, and the first attempt of the runner's retry. */
const failedInARow = 4
const kinds: ReadonlyArray<AwsFaultKind> = ["throttle", "serverError", "reset"]

const lookupOf = (call: AwsCall) => `${call.service}.${call.operation}`

/** Faults only for the first `failedInARow` calls of each lookup; every other call passes (and is not counted). */
const firstLookupCallsFaulted = () => {
  const seen = new Map<string, number>()
  const faulted = (call: AwsCall) => {
    const lookup = lookupOf(call)
    if (!lookups.includes(lookup)) return false
    seen.set(lookup, (seen.get(lookup) ?? 0) + 1)
    return seen.get(lookup)! <= failedInARow
  }
  const script = Array.from({ length: lookups.length * failedInARow }, (_, i) => kinds[i % kinds.length]!)
  return { seed: 7, rate: 0, exclude: [(call: AwsCall) => !faulted(call)], script }
}

/** Settings naming resources of the test's own (the shared stand-ins hold other tests'), every client through `endpoint`. */
const settingsAt = (endpoint: string) => ownResourceSettings({ AWS_ENDPOINT_URL: endpoint }, "startup")

describe("the runner's lookups at the start, behind faults", () => {
  it.scopedLive("retries every lookup that fails transiently (over the SDK's own attempts): the run ends as a fault-free one", () =>
    Effect.gen(function* () {
      const proxy = yield* faultProxyScoped(inject("awsEndpoints"), firstLookupCallsFaulted())
      const settings = settingsAt(proxy.url)
      const named = Effect.withConfigProvider(ConfigProvider.fromMap(settings))
      const wanted = yield* stackResources({ visibilityTimeoutSeconds: 1, maxReceiveCount: 10 }).pipe(named)
      proxy.pause() // made as bootstrap makes them, before the faults start
      yield* bootstrapResources(wanted).pipe(named)
      proxy.resume()
      // As `vf-workers run --endpoint` starts: the resources looked up by name, then the streams' shards and the queue.
      const found = yield* lookupResources(wanted).pipe(named)
      const provider = ConfigProvider.fromMap(new Map([...settings, ["VERDICT_QUEUE_URL", found.queueUrl]]))
      const keeper = collectingKeeper()
      const side = yield* awsSide({ mode: "test", resources: found, start: "TRIM_HORIZON", keeper }).pipe(Effect.withConfigProvider(provider))
      const run = yield* runFiles(side, [example], Option.none(), noProgress, { keeper }).pipe(Effect.withConfigProvider(provider))

      // Every lookup was faulted more often in a row than the SDK retries, each fault kind used.
      const { byOperation, byKind } = proxy.stats()
      const injected = Object.fromEntries(lookups.map((lookup) => [lookup, byOperation[lookup]?.injected]))
      expect(injected).toEqual(Object.fromEntries(lookups.map((lookup) => [lookup, failedInARow])))
      expect(byKind).toMatchObject({ throttle: expect.any(Number), serverError: expect.any(Number), reset: expect.any(Number) })
      // The end state of a fault-free run of the example: its 18 fans streamed, stored and counted, its counts posted once.
      expect(keeper.records.scoresStream).toHaveLength(18)
      expect(run.end.scoresStream).toMatchObject({ count: 18 })
      const counts = run.end.demandTable.campaigns.find((item) => item.SK === "meta:counts")
      expect(counts).toMatchObject({ PK: "campaign:c1001", verified: expect.any(Number) })
      expect(run.slackPosts).toHaveLength(1)
      expect(run.slackPosts[0]!.text).toContain(`${counts!["verified"]} verified`)
      expect(run.end.deadLetters).toBe(0)
      expect(run.givenUp).toEqual([])
    }).pipe(Effect.provide(NodeContext.layer)), 120_000)

  it.scopedLive("fails a missing resource at once, in one line saying how to make it (not retried)", () =>
    Effect.gen(function* () {
      const proxy = yield* faultProxyScoped(inject("awsEndpoints"), { seed: 1, rate: 0, exclude: [] })
      const settings = settingsAt(proxy.url)
      const wanted = yield* stackResources().pipe(Effect.withConfigProvider(ConfigProvider.fromMap(settings)))
      const error = yield* Effect.flip(lookupResources(wanted).pipe(Effect.withConfigProvider(ConfigProvider.fromMap(settings))))
      expect(error.message).toBe(`table ${settings.get("DEMAND_TABLE")}: not found: create the resources with \`vf-workers bootstrap --endpoint URL\``)
      expect(proxy.stats().byOperation["dynamodb.DescribeTable"]?.calls).toBe(1)
    }))

  it.scopedLive("fails at once where nothing listens (a refused connection is no fault that passes)", () =>
    Effect.gen(function* () {
      const settings = settingsAt("http://127.0.0.1:1")
      const wanted = yield* stackResources().pipe(Effect.withConfigProvider(ConfigProvider.fromMap(settings)))
      const started = Date.now()
      const error = yield* Effect.flip(lookupResources(wanted).pipe(Effect.withConfigProvider(ConfigProvider.fromMap(settings))))
      expect(error.message).toMatch(new RegExp(`^table ${settings.get("DEMAND_TABLE")}: DescribeTable failed: .*ECONNREFUSED`))
      expect(Date.now() - started).toBeLessThan(10_000)
    }))
})
