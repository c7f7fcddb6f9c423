import { layer } from "@effect/vitest"
import { dynamoCampaignCounts } from "../../../src/layers/aws/DynamoCampaignCounts.js"
import { CampaignCounts } from "../../../src/services/CampaignCounts.js"
import { uniqueName } from "../../support/awsTestConfig.js"
import { rawItem } from "../aws/dynamoCountsSetup.js"
import { portOnOwnTable, putWhole } from "../aws/dynamoPortSetup.js"
import { campaignCountsContract } from "../contracts/campaignCountsContract.js"
import { atMoto, needsMoto } from "./motoBackEnd.js"

const adapter = atMoto((endpoint) => portOnOwnTable(CampaignCounts, (table) => dynamoCampaignCounts(table), endpoint, "counts-contract"))

layer(adapter, { excludeTestServices: true })("DynamoCampaignCounts at moto: the counts' contract", (it) => {
  campaignCountsContract(needsMoto(it), { freshCampaign: uniqueName, putRaw: (item) => putWhole(item as never), rawItem, concurrentTransactions: false })
})
