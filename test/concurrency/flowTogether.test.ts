import { appendFileSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { NodeContext } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, Option } from "effect"
import type { FlowSide } from "../../src/local/cli/flow/FlowSide.js"
import { memorySide } from "../../src/local/cli/flow/memorySide.js"
import { collectingKeeper } from "../../src/local/cli/flow/RecordKeeper.js"
import { runFiles } from "../../src/local/cli/localRun.js"
import { noProgress } from "../../src/local/cli/progress.js"
import { MemoryWorld } from "../../src/local/memory/MemoryWorld.js"
import { mulberry32 } from "../support/faults/seededRandom.js"
import { settleToFinalPost, violations } from "./invariants.js"
import { observedSide } from "./observedServices.js"
import { scenario } from "./scenario.js"

/**
 * The concurrency suite (in memory): seeded sets of files of one or two campaigns dropped
 * together (overlapping fans that flip, a fanlist on the same fans, a re-upload), loaded at
 * once on 2–4 scores-stream shards and 1–4 table-stream shards (a counter each) with every
 * consumer running as the stack runs them, under seeded faults of the
 * table's writes, the counter's transactions and the queue (refused, or applied with the
 * answer lost), a counter that stalls past the reporter's attempt cap, and the Slack
 * stand-in's rate limit. Judged by invariants of the end state, not a fixed dump.
 * Replay one seed: CONCURRENCY_SEED=<seed> npx vitest run test/concurrency/flowTogether.test.ts
 */

/** Where each seed's time from settled counts to the final post is written (the closing figures). */
const figures = join(tmpdir(), "vf-concurrency-figures.txt")

const fromEnvironment = process.env["CONCURRENCY_SEED"]
const seeds = fromEnvironment !== undefined ? [Number(fromEnvironment)] : Array.from({ length: Number(process.env["CONCURRENCY_SEEDS"] ?? 8) }, (_, i) => 101 + i)

/** The side's table stream silent for a while from its first poll: the counter stalled past the attempt cap. */
const stalled = (side: FlowSide, millis: number): FlowSide => {
  let until: number | undefined
  const poll = Effect.suspend(() => {
    until ??= Date.now() + millis
    return Date.now() < until ? Effect.succeed([]) : side.tableStream.poll
  })
  return { ...side, tableStream: { ...side.tableStream, poll } }
}

const settings = ConfigProvider.fromMap(
  new Map([
    ["VERDICT_SETTLE_SECONDS", "1"],
    ["VERDICT_MAX_ATTEMPTS", "2"],
    ["VERDICT_CLAIM_SECONDS", "2"],
    ["VERDICT_GIVE_UP_SECONDS", "40"]
  ])
)

const rates = { upsert: 0.005, recordWrites: 0.1, count: 0.1, send: 0.05 }

const runSeed = (seed: number) =>
  Effect.gen(function* () {
    const dir = mkdtempSync(join(tmpdir(), `vf-concurrency-${seed}-`))
    const random = mulberry32(seed ^ 0x5eed)
    const made = scenario(seed, dir)
    // 2–4 shards of the scores stream (a writer and the entry scoring each), 1–4 of the table's (a counter each, on the same counts items).
    const shards = { scores: 2 + Math.floor(random() * 3), table: 1 + Math.floor(random() * 4) }
    const world = new MemoryWorld({ scoresShards: shards.scores, tableShards: shards.table })
    const keeper = collectingKeeper()
    const plain = yield* memorySide(world, keeper)
    const stall = random() < 0.5 ? 3_500 + Math.floor(random() * 2_000) : 0
    const { side, observed } = observedSide(stall > 0 ? stalled(plain, stall) : plain, seed, rates)
    const run = yield* runFiles(side, made.files, Option.some(made.campaignsFile), noProgress, { together: true, keeper }).pipe(
      Effect.timeout("150 seconds"),
      Effect.ensuring(Effect.sync(() => rmSync(dir, { recursive: true, force: true })))
    )
    const end = { items: world.demandTable.allItems(), slackTexts: run.slackPosts.map((post) => post.text), entryPosts: keeper.posts, observed }
    const { attempts, conflicts } = observed.commits
    const conflictShare = attempts === 0 ? 0 : Math.round((1_000 * conflicts) / attempts) / 10
    appendFileSync(
      figures,
      `seed ${seed}: settle to final post ${settleToFinalPost(made, end).join(", ")} ms; ${shards.table} table shards: ${attempts} counting commits, ${conflicts} cancelled by a transaction in flight (${conflictShare}%)\n`
    )
    const givenUp = run.givenUp.map((given) => `given up: ${JSON.stringify(given)}`)
    return { made, run, broken: [...violations(made, end), ...givenUp], stall, faults: observed.faults, shards }
  }).pipe(Effect.withConfigProvider(settings), Effect.provide(NodeContext.layer))

describe("the flow with files dropped together (seeded interleavings, in memory)", () => {
  for (const seed of seeds) {
    it.scopedLive(
      `seed ${seed}: counts exact, the last post final and current, posts in order, nothing lost`,
      () =>
        Effect.gen(function* () {
          const { made, run, broken, stall, faults, shards } = yield* runSeed(seed)
          const replay = `replay: CONCURRENCY_SEED=${seed} npx vitest run test/concurrency/flowTogether.test.ts`
          const about = `${made.files.length} files of ${made.campaignIds.join(", ")}; ${shards.scores} scores shards, ${shards.table} table shards; counter stalled ${stall} ms; ${run.slackPosts.length} posts; faults ${JSON.stringify(faults)}`
          expect(broken, `${replay}\n${about}\n${broken.join("\n")}`).toEqual([])
        }),
      180_000
    )
  }
})
