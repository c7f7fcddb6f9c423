import type { IncomingRecord } from "../../src/pipelines/delivery/incomingRecords.js"
import type { FanRecord } from "../../src/services/schemas/FanRecord.js"

/** A scores-stream fan record with sensible defaults. */
export const fanRecord = (globalUserId: string, fields: Partial<FanRecord> = {}): FanRecord => ({
  campaignId: "c1",
  globalUserId,
  score: 0.5,
  isVerified: true,
  rank: "0",
  events: { "0": { market: "Chicago", eventId: "e1" } },
  __meta: { correlation: "00000000-0000-4000-8000-000000000000", date: 1763800000000, source: "s3://vf-scoring/scrubbed/x.csv" },
  ...fields
})

let sequence = 0

/** Stream records carrying the given JSON values (or raw text), with rising sequence numbers. */
export const incoming = (...values: ReadonlyArray<FanRecord | string>): Array<IncomingRecord> =>
  values.map((value) => ({
    sequenceNumber: String(++sequence).padStart(20, "0"),
    data: new TextEncoder().encode(typeof value === "string" ? value : JSON.stringify(value))
  }))
