import { layer } from "@effect/vitest"
import { Layer } from "effect"
import { memoryCampaignCounts } from "../../../src/local/memory/MemoryCampaignCounts.js"
import { MemoryDemandTable } from "../../../src/local/memory/MemoryDemandTable.js"
import { CampaignCounts } from "../../../src/services/CampaignCounts.js"
import { campaignCountsContract } from "../../layers/contracts/campaignCountsContract.js"
import { memoryHarness } from "./memoryHarness.js"

const table = new MemoryDemandTable()

layer(Layer.succeed(CampaignCounts, memoryCampaignCounts(table)))("MemoryCampaignCounts: the counts' contract", (it) => {
  campaignCountsContract(it, memoryHarness(table))
})
