import { Effect } from "effect"
import type { MemoryWorld } from "../local/memory/MemoryWorld.js"
import type { CampaignService } from "../services/CampaignService.js"
import type { MissingSetting } from "../services/errors.js"
import type { SlackNotifier } from "../services/SlackNotifier.js"
import { processSavedScores } from "../pipelines/processSavedScores/processSavedScores.js"
import { reporterSettings, verdictReporter } from "../pipelines/verdictReporter/verdictReporter.js"

/** What countAndReport did: changes counted, verdict messages handled, reporter rounds run. */
export interface CountedAndReported {
  readonly changes: number
  readonly messages: number
  readonly rounds: number
}

/** How far each world's changes and messages have been read. */
const read = new WeakMap<MemoryWorld, { changes: number; messages: number }>()

/**
 * The rest of the flow after a load, in memory, as the stack runs it: the counter
 * (processSavedScores) over the table's changes not yet counted, then the verdict reporter
 * over the queue's messages not yet handled, again and again, until the reporter sends no
 * more (a message it asks again for is handled at once: there is no delay in memory).
 * The world's layer is provided; Slack and the Campaign Service are the caller's
 * (MemorySlackNotifier, MemoryCampaignService). Gives up after `maxRounds` (20) rounds.
 */
export const countAndReport = (
  world: MemoryWorld,
  options: { readonly maxRounds?: number } = {}
): Effect.Effect<CountedAndReported, MissingSetting, SlackNotifier | CampaignService> =>
  Effect.gen(function* () {
    const settings = yield* reporterSettings
    const at = read.get(world) ?? { changes: 0, messages: 0 }
    read.set(world, at)
    const done = { changes: 0, messages: 0, rounds: 0 }
    let retried: Array<{ readonly messageId: string; readonly body: string }> = []
    while (done.rounds < (options.maxRounds ?? 20)) {
      const changes = world.demandTable.changesFrom(at.changes)
      at.changes += changes.length
      done.changes += changes.length
      if (changes.length > 0) yield* processSavedScores({ shard: "memory/shard-0", changes })
      const sent = world.verdictQueue.sent.slice(at.messages)
      at.messages += sent.length
      const messages = [...retried, ...sent.map((message, i) => ({ messageId: `m${at.messages - sent.length + i}`, body: JSON.stringify(message.body) }))]
      if (messages.length === 0) break
      done.rounds++
      done.messages += messages.length
      const { retry } = yield* verdictReporter(messages, settings)
      retried = messages.filter((message) => retry.includes(message.messageId))
    }
    return done
  }).pipe(Effect.provide(world.layer))
