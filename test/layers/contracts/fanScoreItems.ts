import type { FanScoreItem } from "../../../src/services/schemas/FanScoreItem.js"

/** A fan-score item of campaign c1 with every attribute, keyed by its fan. */
export const fanItem = (globalUserId: string, overrides: Partial<FanScoreItem> = {}): FanScoreItem => ({
  PK: `fan:${globalUserId}`,
  SK: "campaign:c1",
  campaignId: "c1",
  globalUserId,
  memberId: `m-${globalUserId}`,
  email: `${globalUserId}@example.com`,
  score: 0.93,
  localFanscore: 0.8,
  accountFanscore: 0.7,
  bandScore: 0.2,
  isVerified: true,
  rank: "0",
  events: { "0": { market: "Chicago", eventId: "e1" }, "1": { market: "Denver" } },
  tags: ["vip"],
  origin: { nudetect: { score: 12, scoreBand: "low" } },
  source: "scrubbed",
  ...overrides
})
