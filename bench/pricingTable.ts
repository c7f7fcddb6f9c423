import { awsRates, lambdaMemoryMB } from "./awsCost.js"
import type { CostLine, PricingResult, ScenarioPrice } from "./pricing.js"

const count = (n: number) => (Number.isInteger(n) ? n.toLocaleString("en-US") : n < 10 ? n.toPrecision(3) : Math.round(n).toLocaleString("en-US"))
const dollars = (d: number) => (d === 0 ? "$0" : d >= 10 ? `$${d.toFixed(2)}` : `$${d.toPrecision(3)}`)
const total = (lines: ReadonlyArray<CostLine>) => lines.reduce((sum, line) => sum + line.dollars, 0)
const perMillion = (rate: number) => `$${+(rate * 1e6).toPrecision(4)}`
const share = (part: number, whole: number) => `${Math.round((100 * part) / Math.max(whole, Number.MIN_VALUE))}%`

const rows = (s: ScenarioPrice) => [
  ...s.lines.map((line, i) => {
    const naive = s.naive[i]!
    const same = naive.quantity === line.quantity
    return `| ${s.name} | ${line.line} | ${count(line.quantity)} ${line.unit} | ${dollars(line.dollars)} | ${same ? "same" : `${count(naive.quantity)} ${naive.unit}`} | ${dollars(naive.dollars)} |`
  }),
  `| **${s.name}** | **total** | | **${dollars(total(s.lines))}** | | **${dollars(total(s.naive))}** |`
]

/** Where each scenario's write units go, call by call. */
const writesByCall = (s: ScenarioPrice) =>
  `${s.name}: ${Object.entries(s.usage.dynamo)
    .filter(([, units]) => units.wru > 0)
    .map(([call, units]) => `${call} ${count(units.calls)} calls, ${count(units.wru)} WRU`)
    .join("; ")}`

const biggest = (s: ScenarioPrice) => s.lines.reduce((top, line) => (line.dollars > top.dollars ? line : top))

/** The biggest lines, and what the adaptive first call of an upsert saved against putting first always. */
const firstCallNote = (result: PricingResult) => {
  const [first, again, changed] = result.scenarios
  if (first === undefined || again === undefined || changed === undefined) return ""
  const top = biggest(first)
  const calls = (s: ScenarioPrice, call: string) => count(s.usage.dynamo[`upsert: ${call}`]?.calls ?? 0)
  const saved = (s: ScenarioPrice) => `${dollars(s.upserts.now)} instead of ${dollars(s.upserts.putFirst)} (${s.name})`
  return [
    `The biggest line is ${top.line}: ${share(top.dollars, total(first.lines))} of the first load's ${dollars(total(first.lines))},`,
    `and of the identical re-run's ${dollars(total(again.lines))} the biggest is ${biggest(again).line} (${share(biggest(again).dollars, total(again.lines))}).`,
    `Lowered: an upsert that puts first on condition that the item is absent is refused on a re-run and still pays the stored item's WRUs.`,
    `The live adapter now reads first (a strongly consistent GetItem, ${perMillion(awsRates.dynamoReadRequestUnit)} per million RRU against ${perMillion(awsRates.dynamoWriteRequestUnit)} per million WRU) once more than a fifth of its recent upserts found their item, and puts first otherwise (src/layers/aws/upsertFirstCall.ts).`,
    `Upserts cost ${[first, again, changed].map(saved).join(", ")}.`,
    `On the identical re-run: ${calls(again, "GetItem")} GetItems, ${calls(again, "PutItem refused")} refused puts (before the estimate turned).`,
    `The conditions stay: a read never replaces the put's or the update's condition, so a writer in between is still caught (the read is strongly consistent, so "unchanged" is never a stale answer).`
  ].join(" ")
}

/** The priced scenarios as Markdown: a row per cost line and scenario, beside the naive design's, the rates, and a note. */
export const pricingTable = (result: PricingResult): string => {
  const r = awsRates
  const memory = Object.entries(lambdaMemoryMB).map(([name, mb]) => `${name} ${mb.toLocaleString("en-US")} MB`).join(", ")
  return [
    `### What a scrubbed file costs on AWS (${result.rows.toLocaleString("en-US")} rows, on-demand, ${r.region})`,
    "",
    `Rates, ${r.asOf}: DynamoDB on-demand ${perMillion(r.dynamoWriteRequestUnit)} per million WRU, ${perMillion(r.dynamoReadRequestUnit)} per million RRU (Streams GetRecords free to a Lambda trigger);`,
    `Kinesis on-demand $${r.kinesisOnDemandIngestGB} per GB in (each record rounded up to 1 KB), $${r.kinesisOnDemandRetrievalGB} per GB out, $${r.kinesisOnDemandStreamHour} per stream-hour (not in the totals: $${(2 * 730 * r.kinesisOnDemandStreamHour).toFixed(2)} a month for the two streams; provisioned PUT payload units would be ${perMillion(r.kinesisPutPayloadUnit)} per million);`,
    `SQS ${perMillion(r.sqsRequest)} per million requests; Lambda arm64 $${r.lambdaArmGBSecond} per GB-s, ${perMillion(r.lambdaRequest)} per million requests. No free tier.`,
    `Lambda GB-s: the run's measured CPU seconds, split by the handler the runner was in, at the stack's memory (${memory}); the loader has what falls between the consumers.`,
    `The naive design: an unconditional PutItem a record (a re-run rewrites every item) and the counts by read-modify-write (a GetItem and a PutItem of \`meta:counts\` a counted change); the rest as this design.`,
    "",
    "| scenario | line | units | this design | naive design: units | naive design |",
    "| --- | --- | --- | ---: | --- | ---: |",
    ...result.scenarios.flatMap(rows),
    "",
    `DynamoDB writes by call — ${result.scenarios.map(writesByCall).join(". ")}.`,
    "",
    firstCallNote(result),
    ""
  ].join("\n")
}
