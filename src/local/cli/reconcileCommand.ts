import { Args, Command, Options } from "@effect/cli"
import { Console, Effect } from "effect"
import { DynamoCampaignCountsLive } from "../../layers/aws/DynamoCampaignCounts.js"
import { reconcileCounts, type ReconcileResult } from "../../pipelines/reconcileCounts/reconcileCounts.js"
import type { Counts } from "../../services/schemas/Counts.js"
import { oneLineFailure } from "./failure.js"
import { count } from "./format.js"
import { reachTable } from "./reconcileTable.js"
import { endpointOption, onEndpoint } from "./endpointOption.js"

const campaignId = Args.text({ name: "campaignId" }).pipe(Args.withDescription("the campaign to recount"))
const endpoint = endpointOption("DynamoDB")
const json = Options.boolean("json").pipe(Options.withDescription("print the result as JSON"))

const signed = (n: number) => `${n > 0 ? "+" : ""}${count(n)}`
const countsText = (c: Counts) => `${c.verified} verified, ${c.rejected} rejected, ${c.selected} selected`
/** A drift (recount − stored), each count signed. */
export const driftText = (d: Counts) => `verified ${signed(d.verified)}, rejected ${signed(d.rejected)}, selected ${signed(d.selected)}`

const describe = (r: ReconcileResult) =>
  [
    `campaign ${r.campaignId}: ${count(r.fans)} fan items`,
    `  stored:    ${r.stored === undefined ? "no meta:counts" : countsText(r.stored)}`,
    `  recounted: ${countsText(r.recounted)}`,
    `  drift:     ${driftText(r.drift)}`,
    `  duplicate fan items: ${count(r.duplicates)}`,
    r.repaired
      ? "  meta:counts repaired"
      : r.quiet
        ? "  meta:counts was right: nothing written"
        : "  the campaign was being counted on every try: nothing written; run it again when the flow is quiet"
  ].join("\n")

/** `vf-workers reconcile <campaignId>`: recounts a campaign and repairs meta:counts (SPEC §8). */
export const reconcileCommand = Command.make("reconcile", { campaignId, endpoint, json }, (options) => {
  const program = reachTable(options.campaignId).pipe(
    Effect.zipRight(reconcileCounts(options.campaignId)),
    Effect.provide(DynamoCampaignCountsLive),
    Effect.tap((result) => Console.log(options.json ? JSON.stringify(result, null, 2) : describe(result))),
    // A campaign still being counted was not repaired: the command did not do its job.
    Effect.flatMap((result) => (result.quiet ? Effect.void : Effect.fail(new Error(`campaign ${result.campaignId} was being counted: nothing written`))))
  )
  // Whatever stops it (no credentials, an endpoint that does not answer, a missing table) is said in one line on stderr.
  return onEndpoint(program, options.endpoint).pipe(oneLineFailure("reconcile"))
}).pipe(Command.withDescription("recount a campaign from its fan items and repair meta:counts"))
