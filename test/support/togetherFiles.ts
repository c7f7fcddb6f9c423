import { mkdirSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { expect } from "vitest"
import { fanlistChunks } from "./fanlistFile.js"
import { scrubbedFileText, scrubbedKey } from "./scrubbedFile.js"

/** The markets of generated scrubbed rows (test/support/scrubbedRows.ts), each with an id: every ranked row maps. */
const markets = ["Chicago", "Denver", "New York, NY", "São Paulo", "Zürich", "Los Angeles"].map((name, i) => ({ id: `mkt-${i}`, name }))

export const togetherCampaigns = { c3001: "Spring Stadium 2027", c3002: "Summer Hall 2027" } as const

/**
 * Four generated files of two campaigns for runs of files loaded together: two scrubbed
 * files of c3001 (the second of other fans and some of the first's), one of c3002, and a
 * fanlist of c3001; and their campaigns file. Gives the files' paths (in run order) and
 * the campaigns file's.
 */
export const writeTogetherFiles = (root: string) => {
  const files = [
    [scrubbedKey("c3001", "SpringStadium2027", "20270301T0900"), scrubbedFileText({ rows: 400, campaignId: "c3001", invalidEvery: 53, seed: 31 })],
    [scrubbedKey("c3002", "SummerHall2027", "20270301T0915"), scrubbedFileText({ rows: 300, campaignId: "c3002", invalidEvery: 61, seed: 32 })],
    ["fanlist/scored/c3001/20270302T1000.csv", Buffer.concat([...fanlistChunks({ rows: 90, fans: 60 })])],
    [scrubbedKey("c3001", "SpringStadium2027", "20270302T0900"), scrubbedFileText({ rows: 250, campaignId: "c3001", invalidEvery: 71, seed: 33 })]
  ] as const
  const paths = files.map(([key, body]) => {
    const path = join(root, key)
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, body)
    return path
  })
  const campaigns = join(root, "campaigns.json")
  const entries = Object.entries(togetherCampaigns).map(([id, name]) => [id, { id, name, markets }])
  writeFileSync(campaigns, JSON.stringify(Object.fromEntries(entries)))
  return { paths, keys: files.map(([key]) => key), campaigns }
}

type Item = { PK: string; SK: string; isVerified?: boolean; verdict?: boolean; verified?: number; rejected?: number; selected?: number }
type StreamRecord = { partitionKey: string; data: Record<string, unknown> & { campaignId: string; events?: Record<string, { market?: string }> } }

/** The keys of a dump's fan items, sorted. */
export const fanItemKeys = (dump: Record<string, unknown>) =>
  (dump["demand-table.json"] as Array<Item>).filter((item) => item.SK.startsWith("campaign:")).map((item) => `${item.PK} ${item.SK}`).sort()

/** The counts a Slack post shows. */
const postedCounts = (text: string) => {
  const [verified, rejected, selected] = [/([\d,]+) verified/, /([\d,]+) rejected/, /([\d,]+) selected/].map((pattern) =>
    Number(pattern.exec(text)?.[1]?.replace(/,/g, "") ?? NaN)
  )
  return { verified, rejected, selected }
}

/**
 * What must hold of the end state of any run of the files, together or not: each fan
 * item of every record the streams carried; each campaign's meta:counts a recount of its
 * fan items, and its last Slack post those counts, final; every ranked record of the
 * scores stream sent to the Entry Service.
 */
export const expectConsistentEnd = (dump: Record<string, unknown>) => {
  const items = dump["demand-table.json"] as Array<Item>
  const keys = new Set(items.map((item) => `${item.PK} ${item.SK}`))
  const scores = dump["scores-stream.json"] as Array<StreamRecord>
  const missing = scores.filter((record) => !keys.has(`fan:${String(record.data["globalUserId"])} campaign:${record.data.campaignId}`))
  expect(missing.map((record) => record.partitionKey)).toEqual([])
  for (const record of dump["campaign-data-stream.json"] as Array<StreamRecord>) {
    const { globalUserId, memberId, email } = record.data as { globalUserId?: string; memberId?: string; email?: string }
    const pk = globalUserId !== undefined ? `fan:${globalUserId}` : memberId !== undefined ? `sid:${memberId}` : `email:${email}`
    expect(keys.has(`${pk} campaign:${record.data.campaignId}`), `${pk} of the fanlist`).toBe(true)
  }
  const slack = dump["slack.json"] as Array<{ text: string }>
  for (const [campaignId, name] of Object.entries(togetherCampaigns)) {
    const fans = items.filter((item) => item.SK === `campaign:${campaignId}`)
    const recount = {
      verified: fans.filter((fan) => fan.isVerified === true).length,
      rejected: fans.filter((fan) => fan.isVerified === false).length,
      selected: fans.filter((fan) => fan.verdict === true).length
    }
    const counts = items.find((item) => item.PK === `campaign:${campaignId}` && item.SK === "meta:counts")
    expect({ campaignId, ...counts }).toMatchObject({ campaignId, ...recount })
    const last = slack.filter((post) => post.text.startsWith(`${name}:`)).at(-1)
    expect({ campaignId, last: last === undefined ? undefined : postedCounts(last.text) }).toEqual({ campaignId, last: recount })
    expect(last?.text).not.toContain("in progress")
  }
  const sent = new Set(
    (dump["entry-service.json"] as Array<{ campaignId: string; records: Array<{ globalUserId: string }> }>).flatMap((post) =>
      post.records.map((record) => `${post.campaignId} ${record.globalUserId}`)
    )
  )
  const ranked = scores.filter((record) => record.data.events?.["0"]?.market?.trim())
  expect(ranked.length).toBeGreaterThan(0)
  expect(ranked.filter((record) => !sent.has(`${record.data.campaignId} ${String(record.data["globalUserId"])}`)).map((r) => r.partitionKey)).toEqual([])
}
