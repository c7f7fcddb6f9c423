import { expect, layer } from "@effect/vitest"
import { Clock, Duration, Effect, Option } from "effect"
import { ReportLedger } from "../../../src/services/ReportLedger.js"
import { demandKeys } from "../../../src/services/schemas/FanScoreItem.js"
import { dynamoCountsLayer, freshCampaign, rawItem } from "./dynamoCountsSetup.js"

const counts = { verified: 75_000, rejected: 1_200, selected: 30_000 }
const more = { verified: 78_000, rejected: 1_250, selected: 30_000 }

/** The live clock, `offset` ahead: a claim made under it is that much later. */
const clockAhead = (offset: Duration.DurationInput): Clock.Clock => {
  const live = Clock.make()
  const millis = Duration.toMillis(offset)
  return {
    [Clock.ClockTypeId]: Clock.ClockTypeId,
    unsafeCurrentTimeMillis: () => live.unsafeCurrentTimeMillis() + millis,
    currentTimeMillis: Effect.sync(() => live.unsafeCurrentTimeMillis() + millis),
    unsafeCurrentTimeNanos: () => live.unsafeCurrentTimeNanos() + BigInt(millis) * 1_000_000n,
    currentTimeNanos: Effect.sync(() => live.unsafeCurrentTimeNanos() + BigInt(millis) * 1_000_000n),
    sleep: (duration) => live.sleep(duration)
  }
}

const reportItem = (campaignId: string) => rawItem({ PK: demandKeys.campaign(campaignId), SK: demandKeys.slackCounts })

layer(dynamoCountsLayer("report-ledger"), { excludeTestServices: true })("DynamoReportLedger", (it) => {
  it.effect("claims the first report, confirms it, then finds the same counts already reported", () =>
    Effect.gen(function* () {
      const ledger = yield* ReportLedger
      const campaignId = freshCampaign("first")
      expect(yield* ledger.lastReport(campaignId)).toEqual(Option.none())
      expect(yield* ledger.claimReport(campaignId, counts, "claim-1")).toEqual({ _tag: "Claimed", previous: undefined })
      expect(yield* reportItem(campaignId)).toMatchObject({ ...counts, claimId: "claim-1" })
      yield* ledger.confirmReport(campaignId, "claim-1", "2024-05-01T10:00:00.000Z")
      expect(yield* ledger.lastReport(campaignId)).toEqual(Option.some({ ...counts, postedAt: "2024-05-01T10:00:00.000Z" }))
      expect(Object.keys((yield* reportItem(campaignId)) ?? {}).sort()).toEqual(
        ["PK", "SK", "postedAt", "rejected", "selected", "verified"]
      )
      expect(yield* ledger.claimReport(campaignId, counts, "claim-2")).toEqual({ _tag: "AlreadyReported" })
    }))

  it.effect("holds its own claim when the claim is asked again after its answer was lost, with the report it replaced", () =>
    Effect.gen(function* () {
      const ledger = yield* ReportLedger
      const campaignId = freshCampaign("lost")
      const first = yield* ledger.claimReport(campaignId, counts, "c1")
      yield* ledger.confirmReport(campaignId, "c1", "2026-12-01T10:00:00.000Z")
      expect(first).toEqual({ _tag: "Claimed", previous: undefined })
      // The claim of new counts is applied, its answer lost: the same reporter asks again, with the same claim id.
      const claimed = yield* ledger.claimReport(campaignId, more, "c2")
      const again = yield* ledger.claimReport(campaignId, more, "c2")
      expect(again).toEqual(claimed)
      expect(again).toEqual({ _tag: "Claimed", previous: { ...counts, postedAt: "2026-12-01T10:00:00.000Z" } })
      // Another reporter of the same counts still bypasses; confirming leaves no claim bookkeeping behind.
      expect(yield* ledger.claimReport(campaignId, more, "c3")).toEqual({ _tag: "AlreadyReported" })
      yield* ledger.confirmReport(campaignId, "c2", "2026-12-01T11:00:00.000Z")
      const item = yield* reportItem(campaignId)
      expect(Object.keys(item ?? {}).sort()).toEqual(["PK", "SK", "postedAt", "rejected", "selected", "verified"])
    }))

  it.effect("claims different counts with the last report as previous", () =>
    Effect.gen(function* () {
      const ledger = yield* ReportLedger
      const campaignId = freshCampaign("next")
      yield* ledger.claimReport(campaignId, counts, "c1")
      yield* ledger.confirmReport(campaignId, "c1", "2024-05-01T10:00:00.000Z")
      expect(yield* ledger.claimReport(campaignId, more, "c2")).toEqual({
        _tag: "Claimed",
        previous: { ...counts, postedAt: "2024-05-01T10:00:00.000Z" }
      })
      expect(yield* ledger.lastReport(campaignId)).toEqual(Option.some(more))
    }))

  it.effect("lets exactly one of several reporters claim the same counts at once", () =>
    Effect.gen(function* () {
      const ledger = yield* ReportLedger
      const campaignId = freshCampaign("race")
      const claims = yield* Effect.forEach(
        Array.from({ length: 8 }, (_, i) => `reporter-${i}`),
        (claimId) => ledger.claimReport(campaignId, counts, claimId),
        { concurrency: "unbounded" }
      )
      expect(claims.filter((claim) => claim._tag === "Claimed")).toHaveLength(1)
      expect(claims.filter((claim) => claim._tag === "AlreadyReported")).toHaveLength(7)
    }))

  it.effect("restores the previous report on release, so the same counts can be claimed again", () =>
    Effect.gen(function* () {
      const ledger = yield* ReportLedger
      const campaignId = freshCampaign("release")
      yield* ledger.claimReport(campaignId, counts, "c1")
      yield* ledger.confirmReport(campaignId, "c1", "2024-05-01T10:00:00.000Z")
      const claim = yield* ledger.claimReport(campaignId, more, "c2")
      const previous = claim._tag === "Claimed" ? claim.previous : undefined
      yield* ledger.releaseReport(campaignId, "c2", previous)
      expect(yield* reportItem(campaignId)).toEqual({
        PK: demandKeys.campaign(campaignId),
        SK: demandKeys.slackCounts,
        ...counts,
        postedAt: "2024-05-01T10:00:00.000Z"
      })
      expect(yield* ledger.claimReport(campaignId, more, "c3")).toMatchObject({ _tag: "Claimed", previous })
    }))

  it.effect("removes a first report on release, and leaves another reporter's claim alone", () =>
    Effect.gen(function* () {
      const ledger = yield* ReportLedger
      const campaignId = freshCampaign("release-first")
      yield* ledger.claimReport(campaignId, counts, "c1")
      yield* ledger.releaseReport(campaignId, "c1", undefined)
      expect(yield* ledger.lastReport(campaignId)).toEqual(Option.none())
      yield* ledger.claimReport(campaignId, counts, "c2")
      yield* ledger.releaseReport(campaignId, "c1", undefined)
      yield* ledger.confirmReport(campaignId, "c1", "2024-05-01T10:00:00.000Z")
      expect(yield* reportItem(campaignId)).toMatchObject({ ...counts, claimId: "c2" })
    }))

  it.effect("lets a claim never confirmed be taken over after 5 minutes, not before", () =>
    Effect.gen(function* () {
      const ledger = yield* ReportLedger
      const campaignId = freshCampaign("stale")
      yield* ledger.claimReport(campaignId, counts, "lost")
      const later = (minutes: number) => Effect.withClock(clockAhead(Duration.minutes(minutes)))
      expect(yield* ledger.claimReport(campaignId, counts, "early").pipe(later(4))).toEqual({ _tag: "AlreadyReported" })
      expect(yield* ledger.claimReport(campaignId, counts, "late").pipe(later(6))).toEqual({
        _tag: "Claimed",
        previous: counts
      })
      yield* ledger.confirmReport(campaignId, "lost", "2024-05-01T10:00:00.000Z")
      expect(yield* reportItem(campaignId)).toMatchObject({ claimId: "late" })
      yield* ledger.confirmReport(campaignId, "late", "2024-05-01T10:06:00.000Z")
      expect(yield* ledger.lastReport(campaignId)).toEqual(Option.some({ ...counts, postedAt: "2024-05-01T10:06:00.000Z" }))
    }))

  it.effect("lets counts restored without a post be claimed again (their claim was taken over, then released)", () =>
    Effect.gen(function* () {
      const ledger = yield* ReportLedger
      const campaignId = freshCampaign("unposted")
      yield* ledger.claimReport(campaignId, counts, "a")
      const claim = yield* ledger.claimReport(campaignId, more, "b")
      expect(claim).toEqual({ _tag: "Claimed", previous: counts })
      yield* ledger.releaseReport(campaignId, "b", counts)
      expect(yield* ledger.claimReport(campaignId, counts, "c")).toEqual({ _tag: "Claimed", previous: counts })
    }))
})
