import { Command, Options } from "@effect/cli"
import { Console, Effect, Option } from "effect"
import { DynamoCampaignCountsLive } from "../../layers/aws/DynamoCampaignCounts.js"
import { MetricsIgnored } from "../../layers/observability/WorkerMetrics.js"
import { type CampaignDrift, driftCheck, type DriftCheckResult, everyCampaignChecked } from "../../pipelines/driftCheck/driftCheck.js"
import { endpointOption, onEndpoint } from "./endpointOption.js"
import { oneLineFailure } from "./failure.js"
import { count, plural } from "./format.js"
import { driftText } from "./reconcileCommand.js"
import { reachTable } from "./reconcileTable.js"

const campaigns = Options.text("campaign").pipe(
  Options.withDescription("check this campaign (repeat for several) instead of those changed in the last --hours"),
  Options.repeated
)
const hours = Options.integer("hours").pipe(Options.withDescription("check the campaigns changed in the last N hours (default 24)"), Options.optional)
const repair = Options.boolean("repair").pipe(Options.withDescription("repair each drift found, as reconcile does (default: measure only)"))
const json = Options.boolean("json").pipe(Options.withDescription("print the result as JSON"))
const endpoint = endpointOption("DynamoDB")

const campaignLine = (c: CampaignDrift) =>
  c.failure !== undefined
    ? `campaign ${c.campaignId}: not checked: ${c.failure}`
    : c.measured
    ? `campaign ${c.campaignId}: ${plural(c.fans, "fan item")}; drift ${driftText(c.drift)}; ${plural(c.duplicates, "duplicate fan item")}${c.repaired ? "; repaired" : ""}`
    : `campaign ${c.campaignId}: being counted on every try: not measured; run it again when the flow is quiet`

const describe = (r: DriftCheckResult) =>
  [
    ...r.campaigns.map(campaignLine),
    `${plural(r.checked, "campaign")} checked: ${count(r.drifted)} drifted, ${count(r.duplicated)} with duplicate fan items, ${count(r.busy)} being counted, ${count(r.failed)} failed, ${count(r.repaired)} repaired`
  ].join("\n")

/** `vf-workers drift-check`: what the scheduled drift check does (SPEC §13), by hand. */
export const driftCheckCommand = Command.make("drift-check", { campaigns, hours, repair, json, endpoint }, (options) => {
  const request = {
    ...(options.campaigns.length === 0 ? {} : { campaigns: options.campaigns }),
    ...(Option.isSome(options.hours) ? { hours: options.hours.value } : {}),
    repair: options.repair
  }
  const program = reachTable(options.campaigns[0] ?? "-").pipe(
    Effect.zipRight(driftCheck(request)),
    Effect.provide([DynamoCampaignCountsLive, MetricsIgnored]),
    Effect.tap((result) => Console.log(options.json ? JSON.stringify(result, null, 2) : describe(result))),
    // A campaign not checked, or being counted throughout, was not measured: the check did not do its job.
    Effect.flatMap(everyCampaignChecked),
    Effect.flatMap((result) => (result.busy === 0 ? Effect.void : Effect.fail(new Error(`${result.busy} campaigns were being counted: not measured`))))
  )
  return onEndpoint(program, options.endpoint).pipe(oneLineFailure("drift-check"))
}).pipe(Command.withDescription("recount the campaigns changed in the last day and say how far their counts drifted (repairs nothing unless asked)"))
