import { Effect } from "effect"
import type { WorkerMetrics } from "../layers/observability/WorkerMetrics.js"
import { failed, type FileOutcome, notFor, publish } from "./fileOutcome.js"
import { type FanlistServices, saveFanlistScores } from "./saveFanlistScores/saveFanlistScores.js"

/** A fanlist (`fanlist/scored/…`) through saveFanlistScores; any other key is skipped. */
export const processFanlistFile = (key: string): Effect.Effect<FileOutcome, never, FanlistServices | WorkerMetrics> =>
  key.startsWith("fanlist/scored/")
    ? saveFanlistScores(key).pipe(
        Effect.tap((result) => publish("saveFanlistScores", result)),
        Effect.map((result): FileOutcome => ({ key, worker: "saveFanlistScores", result })),
        Effect.catchAll(failed(key, "saveFanlistScores"))
      )
    : notFor(key, "fanlist/scored/")
