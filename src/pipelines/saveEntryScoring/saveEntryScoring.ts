import { Array as Arr, Effect, Either } from "effect"
import { CampaignService } from "../../services/CampaignService.js"
import { EntryService } from "../../services/EntryService.js"
import type { FanRecord } from "../../services/schemas/FanRecord.js"
import { groupBy } from "../../services/groupBy.js"
import { type ConsumerReply, type IncomingRecord, readScoresRecord } from "../delivery/incomingRecords.js"
import { entryRecordOf, marketIdsOf, rankZeroMarketId } from "./entryRecord.js"
import { type EntryScoringResult, EntryScoringTally } from "./EntryScoringTally.js"

interface RankZeroFan {
  readonly sequenceNumber: string
  readonly fan: FanRecord
}

export interface EntryScoringOptions {
  /** Records a POST at most (SPEC §7: 500). */
  readonly chunkSize?: number
}

const sequenceNumbers = (fans: ReadonlyArray<RankZeroFan>) => fans.map((f) => f.sequenceNumber)

/** One campaign's rank-0 fans: market ids from the Campaign Service, then POSTs of ≤ 500. */
const scoreCampaign = (campaignId: string, fans: ReadonlyArray<RankZeroFan>, tally: EntryScoringTally, chunkSize: number) =>
  Effect.gen(function* () {
    const campaign = yield* Effect.either((yield* CampaignService).getCampaign(campaignId))
    if (Either.isLeft(campaign)) {
      yield* Effect.logError(`campaign ${campaignId}: ${fans.length} records not sent: ${campaign.left.message}`)
      return tally.notDelivered(sequenceNumbers(fans), campaign.left.retryable)
    }
    const marketIds = marketIdsOf(campaign.right)
    const mapped = fans.flatMap((f) => {
      const marketId = rankZeroMarketId(f.fan, marketIds)
      if (marketId === undefined) tally.unmapped++
      return marketId === undefined ? [] : [{ ...f, record: entryRecordOf(f.fan, marketId) }]
    })
    const entry = yield* EntryService
    const post = (chunk: typeof mapped) =>
      entry.postScoring(campaignId, chunk.map((c) => c.record)).pipe(
        Effect.map((reply) => tally.accepted(chunk.length, reply)),
        Effect.catchAll((error) => {
          tally.notDelivered(sequenceNumbers(chunk), error.retryable)
          return Effect.logError(`campaign ${campaignId}: ${chunk.length} records not taken: ${error.message}`)
        })
      )
    yield* Effect.forEach(Arr.chunksOf(mapped, chunkSize), post, { discard: true })
  }).pipe(Effect.annotateLogs({ campaignId }))

/**
 * Sends the scores-stream records whose `events` has rank "0" to the Entry Service,
 * campaign by campaign, with each fan's rank-0 market mapped to the campaign's market id.
 */
export const saveEntryScoring = (
  records: ReadonlyArray<IncomingRecord>,
  options: EntryScoringOptions = {}
): Effect.Effect<ConsumerReply<EntryScoringResult>, never, CampaignService | EntryService> =>
  Effect.gen(function* () {
    const read = records.map((record) => ({ record, read: readScoresRecord(record) }))
    // End-of-file marks are the loads' bookkeeping, not records of the stream's content.
    const content = read.filter(({ read }) => !(Either.isRight(read) && read.right._tag === "EndOfFile"))
    const tally = new EntryScoringTally(content.length)
    const rankZero: Array<RankZeroFan> = []
    for (const { record, read: fan } of content) {
      if (Either.isLeft(fan)) {
        tally.notDelivered([record.sequenceNumber], false)
        yield* Effect.logWarning(`record ${record.sequenceNumber} is not a fan record: ${fan.left}`)
      } else if (fan.right._tag === "Fan" && fan.right.fan.events["0"] !== undefined) {
        tally.input++
        rankZero.push({ sequenceNumber: record.sequenceNumber, fan: fan.right.fan })
      }
    }
    const byCampaign = groupBy(rankZero, (f) => f.fan.campaignId)
    yield* Effect.forEach(byCampaign, ([campaignId, fans]) => scoreCampaign(campaignId, fans, tally, options.chunkSize ?? 500), {
      concurrency: 4,
      discard: true
    })
    return { result: tally.result(), retry: tally.retry }
  }).pipe(Effect.annotateLogs({ worker: "saveEntryScoring" }))
