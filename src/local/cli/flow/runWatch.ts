import { Context, Effect } from "effect"
import type { SentMessage } from "../../memory/MemoryVerdictQueue.js"
import { ScoresStream } from "../../../services/RecordStream.js"
import { ScoringBucket } from "../../../services/ScoringBucket.js"
import { VerdictQueue } from "../../../services/VerdictQueue.js"
import type { FlowSide } from "./FlowSide.js"
import type { ObjectReads } from "./objectReads.js"

/** What the runner watches on the side's services: the messages sent to the verdict queue, the records put to the scores stream, how far the loads read their files. */
export interface Watch {
  readonly sent: Array<SentMessage>
  records: number
  readonly reads: ObjectReads
}

export const watched = (services: FlowSide["services"], watch: Watch) => {
  const queue = Context.get(services, VerdictQueue)
  const stream = Context.get(services, ScoresStream)
  const bucket = Context.get(services, ScoringBucket)
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
    }),
    Context.add(ScoringBucket, { ...bucket, readObject: (key) => watch.reads.counted(key, bucket.readObject(key)) })
  )
}
