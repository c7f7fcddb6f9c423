import { plural } from "./format.js"
import type { LocalRun } from "./localRun.js"


/** What each resource holds at the end of a run, one line each. */
export const resourceLines = (run: LocalRun): Array<string> => {
  const items = run.world.demandTable.allItems()
  const fans = items.filter((item) => !item.SK.startsWith("meta:")).length
  const campaigns = items.filter((item) => item.SK === "meta:counts").length
  const posted = run.entryPosts.reduce((sum, post) => sum + post.records.length, 0)
  return [
    `scores stream: ${plural(run.world.scoresStream.entries.length, "record")}`,
    `campaign data stream: ${plural(run.world.campaignDataStream.entries.length, "record")}`,
    `demand table: ${plural(fans, "fan score")}, counts of ${plural(campaigns, "campaign")}`,
    `entry service: ${plural(run.entryPosts.length, "POST")}, ${plural(posted, "record")}`,
    `verdict queue: ${plural(run.world.verdictQueue.sent.length, "message")}${run.deadLetters > 0 ? `, ${run.deadLetters} given up` : ""}`,
    `slack: ${plural(run.slackPosts.length, "post")}`
  ]
}
