import { Clock, Effect } from "effect"
import type { DemandTable } from "../../services/DemandTable.js"
import type { QueueSendError, ScoringFileError } from "../../services/errors.js"
import type { CampaignDataStream } from "../../services/RecordStream.js"
import { ScoringBucket } from "../../services/ScoringBucket.js"
import { VerdictQueue } from "../../services/VerdictQueue.js"
import { type FanlistResult, FanlistTally } from "./FanlistResult.js"
import { parseFanlistKey } from "./fanlistKey.js"
import { readFanlist } from "./readFanlist.js"
import { saveFans, type SaveFansOptions } from "./saveFans.js"

export type FanlistOptions = SaveFansOptions

export type FanlistServices = ScoringBucket | DemandTable | CampaignDataStream | VerdictQueue

/**
 * The fanlist flow (SPEC §3.2): rows de-duplicated over the whole file, the survivors
 * upserted to the demand table in descending score order, the items the table holds
 * put to the campaign data stream, then one verdict-queue message when any is held.
 * A file that cannot be read fails whole before anything is written.
 */
export const saveFanlistScores = (
  key: string,
  options: FanlistOptions = {}
): Effect.Effect<FanlistResult, ScoringFileError | QueueSendError, FanlistServices> =>
  Effect.gen(function* () {
    const { campaignId } = yield* parseFanlistKey(key)
    const bucket = yield* ScoringBucket
    const correlation = crypto.randomUUID()
    const meta = { correlation, date: yield* Clock.currentTimeMillis, source: `s3://${bucket.bucket}/${key}` }
    const tally = new FanlistTally(campaignId)

    const run = Effect.gen(function* () {
      const fans = yield* readFanlist(key, tally)
      yield* saveFans(campaignId, fans.survivors(), meta, tally, options)
      const result = tally.result()
      if (result.dynamo.out > 0) yield* (yield* VerdictQueue).send({ campaignId, count: result.dynamo.out, source: key })
      yield* Effect.logInfo(
        `${result.input.in} rows, ${result.input.valid} fans: ${result.dynamo.out} saved, ${result.stream.out} on the campaign data stream`
      )
      return result
    })
    return yield* run.pipe(Effect.annotateLogs({ campaignId, correlationId: correlation }))
  }).pipe(Effect.annotateLogs({ worker: "saveFanlistScores", key }), Effect.withSpan("saveFanlistScores"))
