import { layer } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { memoryCampaignCounts } from "../../../src/layers/memory/MemoryCampaignCounts.js"
import { MemoryDemandTable } from "../../../src/layers/memory/MemoryDemandTable.js"
import { CampaignCounts } from "../../../src/services/CampaignCounts.js"
import type { DemandItem } from "../../../src/services/schemas/FanScoreItem.js"
import { campaignCountsContract } from "../contracts/campaignCountsContract.js"

const table = new MemoryDemandTable()
let names = 0

layer(Layer.succeed(CampaignCounts, memoryCampaignCounts(table)))("MemoryCampaignCounts: the counts' contract", (it) => {
  campaignCountsContract(it, {
    freshCampaign: (label) => `${label}-${++names}`,
    putRaw: (item) => Effect.sync(() => table.putItem(item as DemandItem)),
    rawItem: (key) => Effect.sync(() => table.item(key))
  })
})
