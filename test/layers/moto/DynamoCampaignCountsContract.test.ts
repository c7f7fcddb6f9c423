import { layer } from "@effect/vitest"
import { dynamoCampaignCounts } from "../../../src/layers/aws/DynamoCampaignCounts.js"
import { CampaignCounts } from "../../../src/services/CampaignCounts.js"
import { uniqueName } from "../../support/awsTestConfig.js"
import { motoEndpoint } from "../../support/motoEndpoint.js"
import { rawItem } from "../aws/dynamoCountsSetup.js"
import { portOnOwnTable, putWhole } from "../aws/dynamoPortSetup.js"
import { campaignCountsContract } from "../contracts/campaignCountsContract.js"

const adapter = portOnOwnTable(CampaignCounts, (table) => dynamoCampaignCounts(table), motoEndpoint, "counts-contract")

layer(adapter, { excludeTestServices: true })("DynamoCampaignCounts at moto: the counts' contract", (it) => {
  campaignCountsContract(it, { freshCampaign: uniqueName, putRaw: (item) => putWhole(item as never), rawItem })
})
