import type { DemandItem } from "../../src/services/schemas/FanScoreItem.js"
import type { EntryPost } from "../../src/local/standIns/EntryServiceStandIn.js"
import type { Observed } from "./observedServices.js"
import { itemName, type Scenario } from "./scenario.js"

/** The end of a run, as the invariants read it. */
export interface RunEnd {
  readonly items: ReadonlyArray<DemandItem>
  readonly slackTexts: ReadonlyArray<string>
  readonly entryPosts: ReadonlyArray<EntryPost>
  readonly observed: Observed
}

const isFan = (item: DemandItem) => /^(fan|sid|email):/.test(item.PK) && item.SK.startsWith("campaign:")

/** For each campaign, the milliseconds from its counts' last change to its last post (negative: posted before, nothing changed after). */
export const settleToFinalPost = (scenario: Scenario, end: RunEnd): Array<number> =>
  scenario.campaignIds.flatMap((campaignId) => {
    const last = end.observed.posts.filter((post) => post.campaignId === campaignId).at(-1)
    const changes = end.observed.counts.filter((state) => state.campaignId === campaignId).map((state) => state.at)
    return last === undefined || changes.length === 0 ? [] : [last.at - Math.max(...changes)]
  })

/**
 * What must hold at the end of any interleaving (SPEC §5, §6, §10): each a line saying what
 * broke, none when all hold.
 */
export const violations = (scenario: Scenario, end: RunEnd): Array<string> => {
  const broken: Array<string> = []
  for (const campaignId of scenario.campaignIds) {
    const fans = end.items.filter((item) => isFan(item) && item.SK === `campaign:${campaignId}`)
    const recount = {
      verified: fans.filter((fan) => fan["isVerified"] === true).length,
      rejected: fans.filter((fan) => fan["isVerified"] === false).length,
      selected: fans.filter((fan) => fan["verdict"] === true).length
    }
    const stored = end.items.find((item) => item.PK === `campaign:${campaignId}` && item.SK === "meta:counts")
    const counts = { verified: stored?.["verified"], rejected: stored?.["rejected"], selected: stored?.["selected"] }
    if (JSON.stringify(counts) !== JSON.stringify(recount)) broken.push(`${campaignId}: meta:counts ${JSON.stringify(counts)} ≠ recount ${JSON.stringify(recount)}`)
    const posts = end.observed.posts.filter((post) => post.campaignId === campaignId)
    const last = posts.at(-1)
    if (last === undefined) broken.push(`${campaignId}: never posted`)
    else {
      if (!last.final) broken.push(`${campaignId}: the last post is interim`)
      if (last.verified !== recount.verified || last.rejected !== recount.rejected || last.selected !== recount.selected) {
        broken.push(`${campaignId}: the last post shows ${last.verified}/${last.rejected}/${last.selected}, the final counts are ${JSON.stringify(recount)}`)
      }
      const settled = Math.max(...end.observed.counts.filter((state) => state.campaignId === campaignId).map((state) => state.at))
      if (last.at - settled > 60_000) broken.push(`${campaignId}: the final post came ${last.at - settled} ms after the counts settled`)
    }
    posts.forEach((post, i) => {
      const before = posts[i - 1]
      if (before === undefined) return
      if (post.version < before.version) broken.push(`${campaignId}: post ${i + 1} shows version ${post.version}, older than post ${i}'s ${before.version}`)
      const same = post.verified === before.verified && post.rejected === before.rejected && post.selected === before.selected
      if (same && (before.final || !post.final)) broken.push(`${campaignId}: posts ${i} and ${i + 1} show the same counts`)
    })
  }
  // Every run's evidence is exact at the end: as many count-moving changes counted as its writes made.
  for (const run of end.items.filter((item) => item.SK.startsWith("meta:run:"))) {
    if (run["counted"] !== run["expected"]) {
      broken.push(`${run.PK} ${run.SK}: counted ${String(run["counted"])} ≠ expected ${String(run["expected"])} (marks ${JSON.stringify(run["marks"])})`)
    }
  }
  // Every fan item holds the values of some file that held it.
  for (const item of end.items.filter(isFan)) {
    const campaignId = item.SK.slice("campaign:".length)
    const held = scenario.heldBy.get(itemName(campaignId, item.PK)) ?? []
    if (!held.some((values) => values.score === item["score"] && values.isVerified === item["isVerified"])) {
      broken.push(`${item.PK} ${item.SK}: holds score ${String(item["score"])}, isVerified ${String(item["isVerified"])}, which no file gave it`)
    }
  }
  // On one shard the last record wins: a fan no fanlist wrote holds the values of its last record (a fan's records share a shard).
  const lastRecord = new Map<string, { readonly sequenceNumber: string; readonly data: Record<string, unknown> }>()
  for (const put of end.observed.puts) {
    const name = itemName(String(put.data["campaignId"]), `fan:${String(put.data["globalUserId"])}`)
    const before = lastRecord.get(name)
    if (before === undefined || before.sequenceNumber.padStart(40, "0") < put.sequenceNumber.padStart(40, "0")) lastRecord.set(name, put)
  }
  for (const item of end.items.filter(isFan)) {
    const name = itemName(item.SK.slice("campaign:".length), item.PK)
    const last = lastRecord.get(name)?.data
    if (scenario.fanlistItems.has(name) || last === undefined) continue
    if (last["score"] !== item["score"] || last["isVerified"] !== item["isVerified"]) {
      broken.push(`${name}: holds ${String(item["score"])}/${String(item["isVerified"])}, its shard's last record ${String(last["score"])}/${String(last["isVerified"])}`)
    }
  }
  const stored = new Set(end.items.filter(isFan).map((item) => itemName(item.SK.slice("campaign:".length), item.PK)))
  for (const name of scenario.heldBy.keys()) if (!stored.has(name)) broken.push(`${name}: lost (no item)`)
  // The Entry Service got every fan whose rank 0 is in a market, at least once.
  const entered = new Set(end.entryPosts.flatMap((post) => post.records.map((record) => record.globalUserId)))
  for (const fan of scenario.entryFans) if (!entered.has(fan)) broken.push(`${fan}: never reached the Entry Service`)
  if (end.slackTexts.length !== end.observed.posts.length) broken.push(`${end.slackTexts.length} Slack posts, ${end.observed.posts.length} confirmed`)
  return broken
}
