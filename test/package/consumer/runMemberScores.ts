import { Effect, Layer, Logger, Option } from "effect"
import { CampaignCounts, MemoryCampaignService, MemorySlackNotifier, rejectsKey, reporterSettings, verdictReporter } from "vf-scoring-workers"
import { countAndReport, MemoryWorld } from "vf-scoring-workers/testing"
import { saveMemberScores } from "./saveMemberScores.js"

/**
 * Runs the new pipeline in memory, then the package's counter and reporter, and prints one
 * JSON document on stdout: what a consumer CLI would print. Logs go to the logger this
 * program chooses (kept, and printed inside the document), never to stdout by themselves.
 */
const key = "memberscores/c42/20261207T0900.csv"
const csv = ["memberId,score,verified", "m1,0.5,true", "m2,0.9,", "m1,0.7,false", "m3,1.5,", '"  ",0.2,', "m4,abc,", "m5,0.1,0", ""].join("\n")

const world = new MemoryWorld()
world.bucket.objects.set(key, new TextEncoder().encode(csv))
const slack = new MemorySlackNotifier()
const campaigns = new MemoryCampaignService({ c42: { id: "c42", name: "Winter Tour", markets: [] } })
const logs: Array<string> = []
const keptLogs = Logger.replace(Logger.defaultLogger, Logger.make(({ logLevel, message }) => logs.push(`${logLevel.label} ${String(message)}`)))

const program = Effect.gen(function* () {
  const result = yield* saveMemberScores(key)
  // Before the counter has run, the report waits (it asks again) instead of posting counts that merely stand still.
  const sent = world.verdictQueue.sent.map(({ body }, i) => ({ messageId: `early-${i}`, body: JSON.stringify(body) }))
  const early = yield* verdictReporter(sent, yield* reporterSettings)
  const flow = yield* countAndReport(world)
  const counts = yield* Effect.flatMap(CampaignCounts, (counts) => counts.getCounts("c42"))
  const rejects = world.bucket.objects.get(rejectsKey(key))
  return {
    result,
    early: { posts: early.result.slack.posted, requeued: early.result.requeue.sent },
    flow,
    counts: Option.getOrNull(counts),
    rejects: rejects === undefined ? null : new TextDecoder().decode(rejects),
    posts: slack.posts.map((post) => post.text),
    messages: world.verdictQueue.sent.map((sent) => sent.body),
    items: world.demandTable.allItems().filter((item) => item.PK.startsWith("sid:")).length,
    logs
  }
})

const services = Layer.mergeAll(world.layer, slack.layer, campaigns.layer, keptLogs)
const output = await Effect.runPromise(program.pipe(Effect.provide(services)))
process.stdout.write(`${JSON.stringify(output)}\n`)
