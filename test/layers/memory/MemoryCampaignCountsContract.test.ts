import { layer } from "@effect/vitest"
import { Layer } from "effect"
import { memoryCampaignCounts } from "../../../src/layers/memory/MemoryCampaignCounts.js"
import { MemoryDemandTable } from "../../../src/layers/memory/MemoryDemandTable.js"
import { CampaignCounts } from "../../../src/services/CampaignCounts.js"
import { campaignCountsContract } from "../contracts/campaignCountsContract.js"
import { memoryHarness } from "./memoryHarness.js"

const table = new MemoryDemandTable()

layer(Layer.succeed(CampaignCounts, memoryCampaignCounts(table)))("MemoryCampaignCounts: the counts' contract", (it) => {
  campaignCountsContract(it, memoryHarness(table))
})
