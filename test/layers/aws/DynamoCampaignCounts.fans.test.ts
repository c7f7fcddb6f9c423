import { expect, layer } from "@effect/vitest"
import { Chunk, Effect, Stream } from "effect"
import { CampaignCounts } from "../../../src/services/CampaignCounts.js"
import { demandKeys } from "../../../src/services/schemas/FanScoreItem.js"
import { dynamoCountsLayer, freshCampaign, putRaw } from "./dynamoCountsSetup.js"

const fansOf = (campaignId: string) =>
  Effect.flatMap(CampaignCounts, (counts) => Stream.runCollect(counts.campaignFans(campaignId))).pipe(Effect.map(Chunk.toArray))

const byKey = (a: { PK: string }, b: { PK: string }) => a.PK.localeCompare(b.PK)

const fansLayer = dynamoCountsLayer("campaign-fans", { fanPageSize: 3 })

layer(fansLayer, { excludeTestServices: true })("DynamoCampaignCounts.campaignFans", (it) => {
  it.effect("streams exactly the campaign's fans (fan:, sid:, email:) across pages, not meta items nor other campaigns", () =>
    Effect.gen(function* () {
      const campaignId = freshCampaign("fans")
      const SK = demandKeys.campaign(campaignId)
      const fans = [
        ...Array.from({ length: 7 }, (_, i) => ({ PK: demandKeys.fan(`g${i}`), SK, campaignId, isVerified: i % 2 === 0 })),
        ...Array.from({ length: 4 }, (_, i) => ({ PK: demandKeys.member(`m${i}`), SK, campaignId, isVerified: true, verdict: true })),
        ...Array.from({ length: 2 }, (_, i) => ({ PK: demandKeys.email(`f${i}@example.com`), SK, campaignId, isVerified: false }))
      ]
      const others = [
        { PK: SK, SK: demandKeys.counts, verified: 1, rejected: 0, selected: 0 },
        { PK: SK, SK: "meta:applied:e1", expiresAt: 1 },
        { PK: "other:x", SK, campaignId },
        { PK: "fanatic", SK },
        { PK: demandKeys.fan("g0"), SK: `${SK}-other`, campaignId: `${campaignId}-other`, isVerified: true },
        { PK: demandKeys.fan("g0"), SK: demandKeys.campaign(freshCampaign("else")), isVerified: true }
      ]
      yield* Effect.forEach([...fans, ...others], putRaw, { concurrency: 8 })
      const found = yield* fansOf(campaignId)
      expect([...found].sort(byKey)).toEqual([...fans].sort(byKey))
      const partitions = found.map((item) => item.PK.split(":")[0])
      expect(partitions).toEqual([...Array(7).fill("fan"), ...Array(4).fill("sid"), ...Array(2).fill("email")])
    }))

  it.effect("streams nothing for a campaign without fans, and lets a consumer stop early", () =>
    Effect.gen(function* () {
      const campaignId = freshCampaign("empty")
      expect(yield* fansOf(campaignId)).toEqual([])
      const lazy = freshCampaign("lazy")
      const SK = demandKeys.campaign(lazy)
      yield* Effect.forEach(Array.from({ length: 10 }, (_, i) => ({ PK: demandKeys.fan(`g${i}`), SK, campaignId: lazy })), putRaw)
      const counts = yield* CampaignCounts
      const firstTwo = yield* Stream.runCollect(Stream.take(counts.campaignFans(lazy), 2))
      expect(Chunk.size(firstTwo)).toBe(2)
    }))
})
