import { plural } from "./format.js"
import type { LocalRun } from "./localRun.js"

/** What each resource holds at the end of a run, one line each. */
export const resourceLines = (run: LocalRun): Array<string> => {
  const fans = run.end.demandTable.fanScores
  const campaigns = run.end.demandTable.campaigns.filter((item) => item.SK === "meta:counts").length
  const given = run.end.deadLetters > 0 ? `, ${run.end.deadLetters} given up (dead-letter queue)` : ""
  return [
    `scores stream: ${plural(run.end.scoresStream.count, "record")}`,
    `campaign data stream: ${plural(run.end.campaignDataStream.count, "record")}`,
    `demand table: ${plural(fans, "fan score")}, counts of ${plural(campaigns, "campaign")}`,
    `entry service: ${plural(run.entryService.posts, "POST")}, ${plural(run.entryService.records, "record")}`,
    `verdict queue: ${plural(run.sent.length, "message")}${given}`,
    `slack: ${plural(run.slackPosts.length, "post")}`
  ]
}
