import { appendFileSync } from "node:fs"
import { isMarker } from "../../src/local/cli/campaignLines.js"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { NodeContext } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, Option, Stream } from "effect"
import { inject } from "vitest"
import type { FlowSide } from "../../src/local/cli/flow/FlowSide.js"
import { type LocalRun, runFiles } from "../../src/local/cli/localRun.js"
import { noProgress } from "../../src/local/cli/progress.js"
import type { EntryPost } from "../../src/local/standIns/EntryServiceStandIn.js"
import type { DemandItem } from "../../src/services/schemas/FanScoreItem.js"
import { claimAttributeNames } from "../../src/services/schemas/ReportLedgerItem.js"
import { type AwsFaultRule, faultProxyScoped } from "../support/faults/faultProxy.js"
import { formatFaultStats } from "../support/faults/faultTally.js"
import { httpFaultProxyScoped } from "../support/faults/httpFaults.js"
import { sideOnOwnResources } from "../support/ownResources.js"
import { withoutVolatile } from "../support/runnerDump.js"
import { runnerFiles, runnerFixtures } from "../support/runnerFixtures.js"

/**
 * SPEC §10: the whole flow with a share of every AWS call and service call faulted (throttling,
 * 5xx, resets, lost replies, latency; 429 with Retry-After, 5xx, hangs) ends as the fault-free run:
 * the table and meta:counts exact, the last Slack post of each campaign its final counts, the
 * streams and the Entry Service with every record at least once.
 */

const fixtures = runnerFixtures
const files = runnerFiles
const figures = join(tmpdir(), "vf-fault-figures.txt")

/** One run of the files at `rate`, on resources of its own behind a fault proxy, and what the proxies injected. */
const runFaulted = (rate: number, seed: number, rules: ReadonlyArray<AwsFaultRule> = []) =>
  Effect.gen(function* () {
    const proxy = yield* faultProxyScoped(inject("awsEndpoints"), { seed, rate, rules })
    proxy.pause() // the resources are made as bootstrap makes them, before the faults start
    const { side, provider, keeper } = yield* sideOnOwnResources({
      endpoints: { AWS_ENDPOINT_URL: proxy.url },
      label: `faults${Math.round(rate * 100)}`,
      visibilityTimeoutSeconds: 1,
      maxReceiveCount: 10,
      extra: { VERDICT_SETTLE_SECONDS: "1" }
    })
    proxy.resume()
    // The end state is read with the faults off: it is what is compared, not a worker.
    const faulted: FlowSide = { ...side, endState: Effect.zipRight(Effect.sync(() => proxy.pause()), side.endState) }
    const http: Array<{ readonly stats: () => Parameters<typeof formatFaultStats>[0] }> = []
    const serviceUrl = (service: "campaign" | "entry" | "slack", url: string) =>
      Effect.map(
        httpFaultProxyScoped(url, { service, seed, rate, flavour: service === "slack" ? "slack" : "json", hangMillis: 1_000 }),
        (front) => {
          http.push(front)
          return `${front.url.replace(/\/$/, "")}${new URL(url).pathname}` // the proxy forwards paths as they come
        }
      )
    const run = yield* runFiles(faulted, files, Option.some(`${fixtures}/campaigns.json`), noProgress, { serviceUrl, keeper }).pipe(
      Effect.withConfigProvider(provider)
    )
    const title = rules.length === 0 ? `AWS calls, ${rate * 100}% faulted` : "AWS calls, answers of the exactly-once writes lost"
    const stats = [formatFaultStats(proxy.stats(), title), ...http.map((front) => formatFaultStats(front.stats(), "service calls"))]
    appendFileSync(figures, `${stats.join("\n")}\n`)
    return { ...run, items: Chunk.toReadonlyArray(yield* Stream.runCollect(run.end.demandTable.items)), kept: keeper.records, posts: keeper.posts }
  }).pipe(Effect.provide(NodeContext.layer))

/** A run, the table's items and the streams' records. */
type Ended = LocalRun & {
  readonly items: ReadonlyArray<DemandItem>
  readonly kept: Record<"scoresStream" | "campaignDataStream", ReadonlyArray<{ partitionKey: string; data: unknown }>>
  readonly posts: ReadonlyArray<EntryPost>
}

/** A counts or report item without its version and claim: how many transactions made the counts follows the batching, not the state. */
const withoutBookkeeping = (item: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(item).filter(([name]) => name !== "version" && !claimAttributeNames.includes(name)))

/** The table as state: fan items and counts, without the writers' stamps and the counter's bookkeeping. */
const stateOf = (run: Ended) =>
  withoutVolatile(
    run.items
      .filter((item) => !isMarker(item))
      .map(({ lastWrite: _stamp, ...item }) => (item.SK.startsWith("meta:") ? withoutBookkeeping(item) : item))
  )

const recount = (items: ReadonlyArray<DemandItem>, campaignId: string) => {
  const fans = items.filter((item) => item.SK === `campaign:${campaignId}` && !item.PK.startsWith("campaign:"))
  return { verified: fans.filter((f) => f["isVerified"] === true).length, rejected: fans.filter((f) => f["isVerified"] === false).length }
}

const postedCounts = (text: string) => {
  const [verified, rejected] = [/([\d,]+) verified/, /([\d,]+) rejected/].map((p) => Number(p.exec(text)![1]!.replace(/,/g, "")))
  return { verified, rejected }
}

const fanKeys = (records: ReadonlyArray<{ readonly partitionKey: string; readonly data: unknown }>) =>
  new Set(records.map((record) => `${(record.data as { campaignId: string }).campaignId} ${record.partitionKey}`))

const entryKeys = (run: Ended) =>
  new Set(run.posts.flatMap((post) => post.records.map((record) => `${post.campaignId} ${String(record["globalUserId"])}`)))

const expectSameEnd = (faulted: Ended, clean: Ended) => {
  expect(faulted.givenUp).toEqual([])
  expect(faulted.end.deadLetters).toBe(0)
  expect(stateOf(faulted)).toEqual(stateOf(clean))
  for (const campaignId of ["c2001", "c2002"]) {
    const counts = faulted.items.find((item) => item.PK === `campaign:${campaignId}` && item.SK === "meta:counts")
    expect(counts).toMatchObject(recount(faulted.items, campaignId))
    const posts = faulted.slackPosts.filter((post) => post.text.includes(campaignId) || JSON.stringify(post.blocks).includes(campaignId))
    expect(postedCounts(posts.at(-1)!.text)).toEqual(recount(faulted.items, campaignId))
    const shown = posts.map((post) => JSON.stringify(postedCounts(post.text)))
    expect(shown.filter((counts, i) => i > 0 && counts === shown[i - 1])).toEqual([])
  }
  // At least once: every record of the fault-free run, repeats allowed.
  expect(fanKeys(faulted.kept.scoresStream)).toEqual(fanKeys(clean.kept.scoresStream))
  expect(fanKeys(faulted.kept.campaignDataStream)).toEqual(fanKeys(clean.kept.campaignDataStream))
  expect(entryKeys(faulted)).toEqual(entryKeys(clean))
}

describe("the whole flow under faults (SPEC §10)", () => {
  it.scopedLive("at 10% and 25% of calls faulted ends as the fault-free run", () =>
    Effect.gen(function* () {
      const clean = yield* runFaulted(0, 1)
      expect(clean.slackPosts.length).toBeGreaterThan(0)
      for (const [rate, seed] of [[0.1, 7], [0.25, 11]] as const) expectSameEnd(yield* runFaulted(rate, seed), clean)
    }), 420_000)

  it.scopedLive("with half the answers of the exactly-once writes lost (counts transactions, conditional writes, report claims), ends the same", () =>
    Effect.gen(function* () {
      const clean = yield* runFaulted(0, 1)
      const lost = { lostReply: 1 }
      const rules: ReadonlyArray<AwsFaultRule> = [
        { service: "dynamodb", operation: "TransactWriteItems", rate: 0.5, kinds: lost },
        { service: "dynamodb", operation: "UpdateItem", rate: 0.5, kinds: lost },
        { service: "dynamodb", operation: "PutItem", rate: 0.5, kinds: lost },
        { service: "kinesis", operation: "PutRecords", rate: 0.5, kinds: lost },
        { service: "sqs", operation: "SendMessage", rate: 0.5, kinds: lost }
      ]
      expectSameEnd(yield* runFaulted(0, 5, rules), clean)
    }), 300_000)
})
