import { NodeContext } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, Option } from "effect"
import { memorySide } from "../../../../src/local/cli/flow/memorySide.js"
import type { FlowSide } from "../../../../src/local/cli/flow/FlowSide.js"
import { runFiles } from "../../../../src/local/cli/localRun.js"
import { noProgress } from "../../../../src/local/cli/progress.js"
import { MemoryWorld } from "../../../../src/local/memory/MemoryWorld.js"

/** SPEC §6 (amended): reports converge on the final counts, however long the counter lags. */

const example = "examples/scrubbed/registrants.c1001.SummerTour2026.20261120T0900.cleaned.prepared.merged.csv"

/** The in-memory side, its table stream silent (the counter stalled) for `stallMillis` from the first poll. */
const stalledSide = (world: MemoryWorld, stallMillis: number) =>
  Effect.map(memorySide(world), (side): FlowSide => {
    let until: number | undefined
    const poll = Effect.suspend(() => {
      until ??= Date.now() + stallMillis
      return Date.now() < until ? Effect.succeed([]) : side.tableStream.poll
    })
    return { ...side, tableStream: { ...side.tableStream, poll } }
  })

const runStalled = (stallMillis: number, settings: Record<string, string>) =>
  Effect.gen(function* () {
    const world = new MemoryWorld()
    const side = yield* stalledSide(world, stallMillis)
    const run = yield* runFiles(side, [example], Option.none(), noProgress)
    const stored = world.demandTable.item({ PK: "campaign:c1001", SK: "meta:counts" })
    const fans = world.demandTable.allItems().filter((item) => item.SK === "campaign:c1001" && item.PK.startsWith("fan:"))
    const recount = {
      verified: fans.filter((fan) => fan["isVerified"] === true).length,
      rejected: fans.filter((fan) => fan["isVerified"] === false).length,
      selected: 0
    }
    const counts = { verified: stored?.["verified"], rejected: stored?.["rejected"], selected: stored?.["selected"] }
    return { run, counts, recount }
  }).pipe(Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(settings)))), Effect.provide(NodeContext.layer))

/** The three numbers a post shows, from its text. */
const postedCounts = (text: string) => {
  const [verified, rejected, selected] = [/([\d,]+) verified/, /([\d,]+) rejected/, /([\d,]+) selected/].map((pattern) =>
    Number(pattern.exec(text)![1]!.replace(/,/g, ""))
  )
  return { verified, rejected, selected }
}

describe("verdict reports when the counter lags (SPEC §6, amended)", () => {
  it.scopedLive("waits out a counter stalled for 3 × VERDICT_SETTLE_SECONDS and posts the final counts once", () =>
    Effect.gen(function* () {
      const { run, counts, recount } = yield* runStalled(3_000, { VERDICT_SETTLE_SECONDS: "1" })
      expect(recount.verified + recount.rejected).toBe(18)
      expect(counts).toEqual(recount)
      expect(run.slackPosts).toHaveLength(1)
      expect(postedCounts(run.slackPosts[0]!.text)).toEqual(recount)
      expect(run.slackPosts[0]!.text).not.toContain("in progress")
      // The requeued messages carry the run and its load; none was posted early.
      const bodies = run.sent.map((message) => message.body)
      expect(bodies.length).toBeGreaterThanOrEqual(3)
      expect(new Set(bodies.map((body) => `${body.run}/${body.loadId}/${body.shards}`)).size).toBe(1)
    }), 30_000)

  it.scopedLive("past the attempt cap, says counting is in progress, then posts the final counts when the counter catches up", () =>
    Effect.gen(function* () {
      const { run, counts, recount } = yield* runStalled(4_000, { VERDICT_SETTLE_SECONDS: "1", VERDICT_MAX_ATTEMPTS: "2" })
      expect(counts).toEqual(recount)
      const posts = run.slackPosts.map((post) => post.text)
      expect(posts).toHaveLength(2)
      expect(posts[0]).toContain("counting still in progress")
      expect(postedCounts(posts[0]!)).toEqual({ verified: 0, rejected: 0, selected: 0 })
      expect(posts[1]).not.toContain("in progress")
      expect(postedCounts(posts[1]!)).toEqual(recount)
    }), 30_000)
})
