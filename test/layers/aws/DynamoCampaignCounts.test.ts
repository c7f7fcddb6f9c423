import { expect, layer } from "@effect/vitest"
import { Effect, Option } from "effect"
import { CampaignCounts } from "../../../src/services/CampaignCounts.js"
import { demandKeys } from "../../../src/services/schemas/FanScoreItem.js"
import { campaignCountsContract } from "../contracts/campaignCountsContract.js"
import { dynamoCountsLayer, freshCampaign, putRaw, rawItem } from "./dynamoCountsSetup.js"

layer(dynamoCountsLayer("campaign-counts"), { excludeTestServices: true })("DynamoCampaignCounts on DynamoDB Local", (it) => {
  campaignCountsContract(it, { freshCampaign, putRaw, rawItem })

  it.effect("keeps positions and markers 7 days after their last write (TTL)", () =>
    Effect.gen(function* () {
      const [campaignId, shard] = [freshCampaign("ttl"), freshCampaign("shard")]
      const counts = yield* CampaignCounts
      const next = { at: "0001", checked: 1 }
      yield* counts.commitCounting({ guard: { _tag: "Position", shard, expected: undefined, next }, markers: [], counts: [], counted: [] })
      yield* counts.commitCounting({ guard: { _tag: "Markers" }, markers: [{ campaignId, eventID: "e1" }], counts: [], counted: [] })
      const inSevenDays = Date.now() / 1000 + 7 * 24 * 3600
      for (const key of [{ PK: demandKeys.shard(shard), SK: demandKeys.position }, { PK: demandKeys.campaign(campaignId), SK: demandKeys.applied("e1") }]) {
        const expiresAt = (yield* rawItem(key))?.["expiresAt"]
        expect(expiresAt).toBeGreaterThan(inSevenDays - 60)
        expect(expiresAt).toBeLessThanOrEqual(inSevenDays + 1)
      }
    }))

  it.effect("reads an absent count as 0, and fails naming the operation on a count that is not a number", () =>
    Effect.gen(function* () {
      const partial = freshCampaign("partial")
      yield* putRaw({ PK: demandKeys.campaign(partial), SK: demandKeys.counts, verified: 2 })
      const counts = yield* CampaignCounts
      expect(yield* counts.getCounts(partial)).toEqual(Option.some({ verified: 2, rejected: 0, selected: 0, version: 0 }))
      const campaignId = freshCampaign("bad")
      yield* putRaw({ PK: demandKeys.campaign(campaignId), SK: demandKeys.counts, verified: "many" })
      expect(yield* Effect.flip(counts.getCounts(campaignId))).toMatchObject({ _tag: "DemandTableError", operation: "GetItem" })
    }))
})
