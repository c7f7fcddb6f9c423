import type { Counts, ReportedCounts } from "../../services/schemas/Counts.js"
import { type DataQualityWarning, qualitySummary } from "../../services/schemas/DataQuality.js"
import type { SlackMessage } from "../../services/SlackNotifier.js"

const number = (n: number) => n.toLocaleString("en-US")
const change = (n: number) => `${n < 0 ? "−" : "+"}${number(Math.abs(n))}`

/** `75,000 verified (+3,000)`: a count and its change since the last report. */
export const countLine = (counts: Counts, previous: Counts | undefined, name: keyof Counts) =>
  `${number(counts[name])} ${name} (${change(counts[name] - (previous?.[name] ?? 0))})`

export interface VerdictReport {
  readonly campaignId: string
  readonly campaignName: string
  readonly counts: Counts
  readonly previous: ReportedCounts | undefined
  readonly source: string | undefined
  /** Posted before every change of the file was counted (the attempt cap): a final report follows. */
  readonly inProgress?: boolean
  /** The file's rejects file (its key in the scoring bucket), and its data-quality warning (SPEC §12). */
  readonly rejects?: string | undefined
  readonly quality?: DataQualityWarning | undefined
}

/** The warning's block: the share, the top reasons, the rejects file. */
const qualityBlock = (quality: DataQualityWarning, rejects: string | undefined) => ({
  type: "section",
  text: {
    type: "mrkdwn",
    text: `:warning: *Data quality:* ${qualitySummary(quality)}${rejects === undefined ? "" : `. Every refused row: \`${rejects}\``}`
  }
})

const names = ["verified", "rejected", "selected"] as const

/** The Slack post of a campaign's settled counts (SPEC §6), with a plain-text fallback. */
export const verdictSlackMessage = (report: VerdictReport): SlackMessage => {
  const lines = names.map((name) => countLine(report.counts, report.previous, name))
  const about = [`campaign \`${report.campaignId}\``]
  if (report.source !== undefined) about.push(`source \`${report.source}\``)
  if (report.previous?.postedAt !== undefined) about.push(`changes since the report of ${report.previous.postedAt}`)
  if (report.inProgress === true) about.push("counting still in progress: a final report follows")
  if (report.rejects !== undefined && report.quality === undefined) about.push(`refused rows in \`${report.rejects}\``)
  const pending = report.inProgress === true ? " (counting still in progress)" : ""
  const warning = report.quality === undefined ? "" : `. Data quality warning: ${qualitySummary(report.quality)}`
  return {
    text: `${report.campaignName}: ${lines.join(", ")}${pending}${warning}`,
    blocks: [
      { type: "header", text: { type: "plain_text", text: `Verified Fan counts · ${report.campaignName}` } },
      { type: "section", fields: lines.map((line) => ({ type: "mrkdwn", text: `*${line}*` })) },
      ...(report.quality === undefined ? [] : [qualityBlock(report.quality, report.rejects)]),
      { type: "context", elements: [{ type: "mrkdwn", text: about.join(" · ") }] }
    ]
  }
}
