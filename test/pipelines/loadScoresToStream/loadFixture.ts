import { Effect, Logger, LogLevel } from "effect"
import { MemoryWorld } from "../../../src/local/memory/MemoryWorld.js"
import { loadScoresToStream } from "../../../src/pipelines/loadScoresToStream/loadScoresToStream.js"
import { csvText, type RowValues, scrubbedFileColumns, scrubbedKey } from "../../support/scrubbedFile.js"

/** Setup shared by the records*, recordFields, rows and rowRanks tests: one scrubbed file of campaign c1 through the whole worker. */

export const key = scrubbedKey("c1")

/** Puts `csv` in the bucket of `world` (a fresh in-memory world unless given), runs the worker without logs. */
export const load = (csv: string, world = new MemoryWorld()) =>
  Effect.gen(function* () {
    world.bucket.objects.set(key, new TextEncoder().encode(csv))
    const result = yield* loadScoresToStream(key).pipe(Effect.provide(world.layer), Logger.withMinimumLogLevel(LogLevel.None))
    const stored = world.scoresStream.records()
    return { result, stored, records: stored.map((record) => record.data as Record<string, unknown>), world }
  })

// --- the fan record: every scrubbed column plus rank ----------------------------------------

export const recordColumns = ["rank", ...scrubbedFileColumns]
export const row = (gid: string, rank: number, values: RowValues = {}): RowValues => ({
  id: `${gid}${rank}`,
  rank,
  globalUserId: gid,
  score: "0.5",
  isVerified: "true",
  ...values
})
export const file = (...rows: ReadonlyArray<RowValues>) => csvText(rows, { columns: recordColumns })

// --- row rules: the columns the field rules look at ----------------------------------------

export const rowColumns = ["id", "globalUserId", "campaign_id", "score", "isVerified", "localFanscore", "accountFanscore", "bandScore", "nudetect.score", "rank"]
export const fan = (gid: string, values: RowValues = {}): RowValues => ({
  id: `${gid}000`,
  globalUserId: gid,
  campaign_id: "c1",
  score: "0.5",
  isVerified: "true",
  ...values
})
