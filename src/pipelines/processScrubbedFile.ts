import { Effect } from "effect"
import type { WorkerMetrics } from "../layers/observability/WorkerMetrics.js"
import type { ScoresStream } from "../services/RecordStream.js"
import type { ScoringBucket } from "../services/ScoringBucket.js"
import type { VerdictQueue } from "../services/VerdictQueue.js"
import { failed, type FileOutcome, notFor, publish } from "./fileOutcome.js"
import { loadScoresToStream } from "./loadScoresToStream/loadScoresToStream.js"

/** A scrubbed file (`scrubbed/…`) through loadScoresToStream; any other key is skipped. */
export const processScrubbedFile = (key: string): Effect.Effect<FileOutcome, never, ScoringBucket | ScoresStream | VerdictQueue | WorkerMetrics> =>
  key.startsWith("scrubbed/")
    ? loadScoresToStream(key).pipe(
        Effect.tap((result) => publish("loadScoresToStream", result)),
        Effect.map((result): FileOutcome => ({ key, worker: "loadScoresToStream", result })),
        Effect.catchAll(failed(key, "loadScoresToStream"))
      )
    : notFor(key, "scrubbed/")
