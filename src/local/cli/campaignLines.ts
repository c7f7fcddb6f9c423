import { count as number } from "./format.js"
import type { LocalRun } from "./localRun.js"


/** The counter's positions and markers and runs' progress: bookkeeping with a TTL, not state worth showing. */
export const isMarker = (item: { readonly SK: string }) =>
  item.SK === "meta:position" || item.SK.startsWith("meta:applied:") || item.SK.startsWith("meta:run:")

/** Each campaign's final counts, and what was posted to Slack about it. */
export const campaignLines = (run: LocalRun): Array<string> => {
  const items = run.end.demandTable.campaigns
  const counted = items.filter((item) => item.SK === "meta:counts")
  return counted.flatMap((counts) => {
    const campaignId = counts.PK.slice("campaign:".length)
    const reported = items.find((item) => item.PK === counts.PK && item.SK === "meta:slack:counts")
    const posts = run.slackPosts.filter((post) => post.text.includes(campaignId) || JSON.stringify(post.blocks).includes(`\`${campaignId}\``))
    return [
      `campaign ${campaignId}: ${number(counts.verified)} verified, ${number(counts.rejected)} rejected, ${number(counts.selected)} selected`,
      ...posts.map((post) => `  posted to ${post.channel}: ${post.text}`),
      ...(reported === undefined ? ["  not reported to Slack"] : [])
    ]
  })
}
