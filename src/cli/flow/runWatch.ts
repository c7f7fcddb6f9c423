import { Context, Effect } from "effect"
import type { SentMessage } from "../../layers/memory/MemoryVerdictQueue.js"
import { ScoresStream } from "../../services/RecordStream.js"
import { VerdictQueue } from "../../services/VerdictQueue.js"
import { plural } from "../format.js"
import { type Progress, rate, secondsSince } from "../progress.js"
import type { FlowSide } from "./FlowSide.js"

/** What the runner watches on the side's services: the messages sent to the verdict queue, the records put to the scores stream. */
export interface Watch {
  readonly sent: Array<SentMessage>
  records: number
}

export const watched = (services: FlowSide["services"], watch: Watch) => {
  const queue = Context.get(services, VerdictQueue)
  const stream = Context.get(services, ScoresStream)
  return services.pipe(
    Context.add(
      VerdictQueue,
      VerdictQueue.of({
        send: (body, delaySeconds) =>
          Effect.tap(queue.send(body, delaySeconds), () => void watch.sent.push({ body, delaySeconds: delaySeconds ?? 0 }))
      })
    ),
    Context.add(ScoresStream, {
      ...stream,
      // Fan records only: end-of-file marks are the entries put to a shard by hash key.
      putRecords: (entries) =>
        Effect.tap(stream.putRecords(entries), (outcomes) => {
          watch.records += outcomes.filter((outcome, i) => outcome.accepted && entries[i]?.explicitHashKey === undefined).length
        })
    })
  )
}

/** Every 2 s while files load: how many records the scores stream has taken so far. */
export const loadTicker = (watch: Watch, progress: Progress) =>
  Effect.gen(function* () {
    const [from, started] = [watch.records, performance.now()]
    for (;;) {
      yield* Effect.sleep("2 seconds")
      const n = watch.records - from
      yield* progress.say(`  … ${plural(n, "record")} on the scores stream (${rate(n, secondsSince(started), "records")})`)
    }
  })
