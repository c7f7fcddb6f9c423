import { expect } from "@effect/vitest"
import { Clock, Effect, Option } from "effect"
import { ReportLedger } from "../../../src/services/ReportLedger.js"
import type { ReportRequest, VersionedCounts } from "../../../src/services/reportOrder.js"
import { demandKeys } from "../../../src/services/schemas/FanScoreItem.js"

/** What a contract run needs of its adapter beside the port: fresh campaigns, and raw access to the item. */
export interface LedgerHarness<R> {
  readonly freshCampaign: (label: string) => string
  readonly putRaw: (item: Record<string, unknown>) => Effect.Effect<unknown, unknown, R>
  readonly rawItem: (key: { PK: string; SK: string }) => Effect.Effect<Record<string, unknown> | undefined, unknown, R>
}

type ItEffect<R> = (name: string, test: () => Effect.Effect<unknown, unknown, ReportLedger | R>) => void

const at = (version: number, verified: number, rejected = 0): VersionedCounts => ({ verified, rejected, selected: 0, version })
const final = (counts: VersionedCounts): ReportRequest => ({ counts, final: true })
const interim = (counts: VersionedCounts): ReportRequest => ({ counts, final: false })
const postedAt = "2026-12-06T10:00:00.000Z"

/** Claims and confirms `request` at once (a post that went through). */
const post = (campaignId: string, request: ReportRequest, claimId: string) =>
  Effect.gen(function* () {
    const ledger = yield* ReportLedger
    const now = yield* Clock.currentTimeMillis
    const decision = yield* ledger.claimReport(campaignId, request, claimId, now + 20_000)
    expect(decision._tag).toBe("Claimed")
    yield* ledger.confirmReport(campaignId, claimId, { ...request.counts, final: request.final, postedAt })
  })

/**
 * The behaviour every ReportLedger adapter has (SPEC §6, "Ordered and final"; the rules of
 * reportOrder.ts): each case on a campaign of its own.
 */
export const reportLedgerContract = <R>(it: { effect: ItEffect<R> }, harness: LedgerHarness<R>) => {
  const claim = (campaignId: string, request: ReportRequest, claimId: string, leaseMillis = 20_000) =>
    Effect.gen(function* () {
      const now = yield* Clock.currentTimeMillis
      return yield* (yield* ReportLedger).claimReport(campaignId, request, claimId, now + leaseMillis)
    })
  const last = (campaignId: string) => Effect.flatMap(ReportLedger, (ledger) => ledger.lastReport(campaignId))

  it.effect("claims a first report, keeps it once confirmed, and finds the same counts reported", () =>
    Effect.gen(function* () {
      const c = harness.freshCampaign("first")
      expect(yield* last(c)).toEqual(Option.none())
      expect(yield* claim(c, final(at(3, 10, 2)), "a")).toEqual({ _tag: "Claimed", previous: undefined })
      yield* (yield* ReportLedger).confirmReport(c, "a", { ...at(3, 10, 2), final: true, postedAt })
      expect(yield* last(c)).toEqual(Option.some({ ...at(3, 10, 2), final: true, postedAt }))
      expect(yield* claim(c, final(at(3, 10, 2)), "b")).toMatchObject({ _tag: "Reported", posted: at(3, 10, 2) })
    }))

  it.effect("never claims counts older than the posted ones, nor newer ones equal to them", () =>
    Effect.gen(function* () {
      const c = harness.freshCampaign("order")
      yield* post(c, final(at(5, 86, 23)), "a")
      expect(yield* claim(c, final(at(4, 89, 20)), "old")).toMatchObject({ _tag: "Reported" })
      expect(yield* claim(c, final(at(7, 86, 23)), "same")).toMatchObject({ _tag: "Reported" })
      expect(yield* claim(c, final(at(6, 90, 23)), "new")).toEqual({
        _tag: "Claimed",
        previous: { ...at(5, 86, 23), final: true, postedAt }
      })
    }))

  it.effect("holds a live claim against others, gives it to its own retry, and lets it go when it expires", () =>
    Effect.gen(function* () {
      const c = harness.freshCampaign("lease")
      const now = yield* Clock.currentTimeMillis
      expect(yield* claim(c, final(at(1, 1)), "a")).toMatchObject({ _tag: "Claimed" })
      const busy = yield* claim(c, final(at(2, 2)), "b")
      expect(busy._tag).toBe("Busy")
      expect(busy._tag === "Busy" && busy.until >= now + 19_000).toBe(true)
      expect(yield* claim(c, final(at(1, 1)), "a")).toMatchObject({ _tag: "Claimed" })
      // A claim whose lease ended (its reporter died) is taken over.
      const d = harness.freshCampaign("lease-ended")
      expect(yield* claim(d, final(at(1, 1)), "dead", -1)).toMatchObject({ _tag: "Claimed" })
      expect(yield* claim(d, final(at(1, 1)), "next")).toEqual({ _tag: "Claimed", previous: undefined })
    }))

  it.effect("lets a final report of the same counts close an interim one, once", () =>
    Effect.gen(function* () {
      const c = harness.freshCampaign("closing")
      yield* post(c, interim(at(3, 30, 15)), "a")
      expect(yield* claim(c, interim(at(3, 30, 15)), "b")).toMatchObject({ _tag: "Reported" })
      expect(yield* claim(c, final(at(2, 30, 15)), "older")).toMatchObject({ _tag: "Reported" })
      yield* post(c, final(at(3, 30, 15)), "closing")
      expect(yield* last(c)).toEqual(Option.some({ ...at(3, 30, 15), final: true, postedAt }))
      expect(yield* claim(c, final(at(3, 30, 15)), "again")).toMatchObject({ _tag: "Reported" })
    }))

  it.effect("a release keeps the posted report, or removes the item when there was none; a stale claim changes nothing", () =>
    Effect.gen(function* () {
      const ledger = yield* ReportLedger
      const c = harness.freshCampaign("release")
      yield* post(c, final(at(1, 5)), "a")
      const claimed = yield* claim(c, final(at(2, 6)), "b")
      yield* ledger.releaseReport(c, "b", claimed._tag === "Claimed" ? claimed.previous : undefined)
      expect(yield* last(c)).toEqual(Option.some({ ...at(1, 5), final: true, postedAt }))
      expect(yield* claim(c, final(at(2, 6)), "c")).toMatchObject({ _tag: "Claimed" })
      yield* ledger.confirmReport(c, "b", { ...at(2, 6), final: true, postedAt })
      yield* ledger.releaseReport(c, "b", undefined)
      expect((yield* harness.rawItem({ PK: demandKeys.campaign(c), SK: demandKeys.slackCounts }))?.["claimId"]).toBe("c")
      const d = harness.freshCampaign("release-first")
      yield* claim(d, final(at(1, 5)), "a")
      yield* ledger.releaseReport(d, "a", undefined)
      expect(yield* harness.rawItem({ PK: demandKeys.campaign(d), SK: demandKeys.slackCounts })).toBeUndefined()
    }))

  it.effect("reads a report of the older ledger (no version) as final: new counts follow it, equal ones do not", () =>
    Effect.gen(function* () {
      const c = harness.freshCampaign("older")
      yield* harness.putRaw({ PK: demandKeys.campaign(c), SK: demandKeys.slackCounts, verified: 5, rejected: 1, selected: 0, postedAt })
      expect(yield* claim(c, final(at(0, 5, 1)), "same")).toMatchObject({ _tag: "Reported" })
      expect(yield* claim(c, interim(at(0, 6, 1)), "new")).toMatchObject({
        _tag: "Claimed",
        previous: { verified: 5, rejected: 1, selected: 0, version: -1, final: true, postedAt }
      })
    }))
}
