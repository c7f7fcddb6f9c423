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

/** The biggest line, and whether reading before the conditional put would be cheaper (computed, not applied). */
const readFirstNote = (result: PricingResult) => {
  const [first, again, changed] = result.scenarios
  if (first === undefined || again === undefined || changed === undefined) return ""
  const top = biggest(first)
  const refused = again.usage.dynamo["upsert: PutItem refused"] ?? { calls: 0, wru: 0 }
  const perFan = (units: number, rate: number) => `${+units.toPrecision(3)} × ${perMillion(rate)} per million`
  return [
    `The biggest line is ${top.line}: ${share(top.dollars, total(first.lines))} of the first load's ${dollars(total(first.lines))},`,
    `and of the identical re-run's ${dollars(total(again.lines))} the biggest is ${biggest(again).line} (${share(biggest(again).dollars, total(again.lines))}).`,
    `Every upsert starts with a put on condition that the item is absent; on a re-run each one is refused and still costs the WRUs of the stored item:`,
    `${count(refused.calls)} refused puts, ${count(refused.wru)} WRU (${perFan(refused.wru / Math.max(1, refused.calls), awsRates.dynamoWriteRequestUnit)} a fan).`,
    `An eventually consistent GetItem first (0.5 RRU per 4 KB, ${perFan(0.5, awsRates.dynamoReadRequestUnit)} a fan), then only the writes needed, would make the upserts cost`,
    `${dollars(again.upserts.readFirst)} instead of ${dollars(again.upserts.now)} on the identical re-run, ${dollars(changed.upserts.readFirst)} instead of ${dollars(changed.upserts.now)} with 10% of fans changed,`,
    `and ${dollars(first.upserts.readFirst)} instead of ${dollars(first.upserts.now)} on a first load (a read of an absent item costs 0.5 RRU too).`,
    `Not applied: the read is eventually consistent, so one that still shows the item as it was before a write of the last second could call a needed write unchanged (a stale read that shows a change only makes the conditional update fail and go again).`
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
    readFirstNote(result),
    ""
  ].join("\n")
}
