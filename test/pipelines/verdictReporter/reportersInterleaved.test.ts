import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { addToProgress } from "../../../src/local/memory/MemoryRunProgress.js"
import { verdictReporter } from "../../../src/pipelines/verdictReporter/verdictReporter.js"
import type { QueueMessageIn } from "../../../src/pipelines/verdictReporter/VerdictReporterResult.js"
import type { VerdictMessage } from "../../../src/services/schemas/VerdictMessage.js"
import { decisionRandom, mulberry32 } from "../../support/faults/seededRandom.js"
import { message, ReporterWorld, rateLimited, serverError, settings } from "./reporterWorld.js"

/**
 * Several reporters handle the verdict messages of several files of one campaign while the
 * counter counts their changes, stalls and catches up, and Slack is slow, rate-limits and
 * fails: a seeded interleaving, judged by the invariants of SPEC §6 ("Ordered and final").
 * Replay a failing seed: REPORTER_SEED=<seed> npx vitest run test/pipelines/verdictReporter/reportersInterleaved.test.ts
 */

const seeds = process.env["REPORTER_SEED"] !== undefined ? [Number(process.env["REPORTER_SEED"])] : Array.from({ length: 16 }, (_, i) => i + 1)
const inProgress = " (counting still in progress)"

const scenario = (seed: number) =>
  Effect.gen(function* () {
    const random = mulberry32(seed)
    const world = new ReporterWorld(
      (call) => {
        const draw = decisionRandom(seed, "slack", call)()
        return draw < 0.08 ? rateLimited(1) : draw < 0.2 ? serverError : undefined
      },
      (call) => Math.floor(decisionRandom(seed, "latency", call)() * 15)
    )
    const files = 2 + Math.floor(random() * 4)
    const expected = Array.from({ length: files }, () => 1 + Math.floor(random() * 5))
    const counts = { verified: 0, rejected: 0, selected: 0 }
    const pending: Array<QueueMessageIn> = []
    for (let file = 0; file < files; file++) {
      addToProgress(world.table, "c1", `r${file}`, { expected: expected[file]!, counted: 0, marks: [`l${file}/s1`] })
      const body: VerdictMessage = { campaignId: "c1", count: expected[file]!, source: `f${file}`, run: `r${file}`, loadId: `l${file}`, shards: 1 }
      pending.push(message(body))
    }
    // The counter: each change a counting transaction (a new version of the counts), in random order, with stalls.
    const changes = expected.flatMap((n, file) => Array.from({ length: n }, () => file)).sort(() => random() - 0.5)
    const stalls = changes.map(() => (random() < 0.15 ? 60 + Math.floor(random() * 80) : Math.floor(random() * 8)))
    const counter = Effect.forEach(changes, (file, i) =>
      Effect.zipRight(
        Effect.sleep(stalls[i]!),
        Effect.sync(() => {
          if (random() < 0.7) counts.verified++
          else counts.rejected++
          world.setCounts("c1", counts)
          addToProgress(world.table, "c1", `r${file}`, { expected: 0, counted: 1, marks: [] })
        })
      ),
      { discard: true }
    )
    let counting = true
    let handed = 0
    // A reporter: takes up to 10 messages, handles them; what it hands back (or sends again) comes back at once.
    const reporter = Effect.gen(function* () {
      while (counting || pending.length > 0 || handed < world.queue.sent.length) {
        while (handed < world.queue.sent.length) pending.push(message(world.queue.sent[handed++]!.body))
        const batch = pending.splice(0, 1 + Math.floor(random() * 10))
        if (batch.length === 0) {
          yield* Effect.sleep(3)
          continue
        }
        const { retry } = yield* verdictReporter(batch, { ...settings, maxAttempts: 4 })
        pending.push(...batch.filter((m) => retry.includes(m.messageId)))
        yield* Effect.sleep(1 + Math.floor(random() * 4))
      }
    })
    const reporters = 2 + Math.floor(random() * 2)
    yield* Effect.all([Effect.ensuring(counter, Effect.sync(() => (counting = false))), ...Array.from({ length: reporters }, () => reporter)], {
      concurrency: "unbounded",
      discard: true
    }).pipe(Effect.provide(world.layer), Effect.timeout("60 seconds"))
    return { world, counts, posts: world.posts.map((post) => post.text) }
  })

const totalOf = (text: string) => {
  const [verified, rejected] = [...text.matchAll(/([\d,]+) (verified|rejected)/g)].map((m) => Number(m[1]!.replace(/,/g, "")))
  return verified! + rejected!
}

describe("reporters racing over a counter that lags (seeded)", () => {
  for (const seed of seeds) {
    it.live(`seed ${seed}: posts in order, none repeated, the last final with the final counts`, () =>
      Effect.gen(function* () {
        const { counts, posts } = yield* scenario(seed)
        const replay = `replay: REPORTER_SEED=${seed} npx vitest run test/pipelines/verdictReporter/reportersInterleaved.test.ts`
        expect(posts.length, replay).toBeGreaterThan(0)
        // Every change adds one to the total: the total orders the versions.
        for (let i = 1; i < posts.length; i++) {
          const [before, after] = [posts[i - 1]!, posts[i]!]
          const closes = before.endsWith(inProgress) && !after.endsWith(inProgress)
          expect(totalOf(after) > totalOf(before) || (closes && totalOf(after) === totalOf(before)), `${replay}\n${posts.join("\n")}`).toBe(true)
        }
        const last = posts.at(-1)!
        expect(last.endsWith(inProgress), `${replay}: the last post is interim\n${posts.join("\n")}`).toBe(false)
        expect(last, replay).toContain(`${counts.verified} verified`)
        expect(last, replay).toContain(`${counts.rejected} rejected`)
      }))
  }
})
