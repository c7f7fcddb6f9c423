import type { Counts, ReportedCounts } from "../../services/schemas/Counts.js"
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
}

const names = ["verified", "rejected", "selected"] as const

/** The Slack post of a campaign's settled counts (SPEC §6), with a plain-text fallback. */
export const verdictSlackMessage = (report: VerdictReport): SlackMessage => {
  const lines = names.map((name) => countLine(report.counts, report.previous, name))
  const about = [`campaign \`${report.campaignId}\``]
  if (report.source !== undefined) about.push(`source \`${report.source}\``)
  if (report.previous?.postedAt !== undefined) about.push(`changes since the report of ${report.previous.postedAt}`)
  if (report.inProgress === true) about.push("counting still in progress: a final report follows")
  const pending = report.inProgress === true ? " (counting still in progress)" : ""
  return {
    text: `${report.campaignName}: ${lines.join(", ")}${pending}`,
    blocks: [
      { type: "header", text: { type: "plain_text", text: `Verified Fan counts · ${report.campaignName}` } },
      { type: "section", fields: lines.map((line) => ({ type: "mrkdwn", text: `*${line}*` })) },
      { type: "context", elements: [{ type: "mrkdwn", text: about.join(" · ") }] }
    ]
  }
}
