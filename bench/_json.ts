import { createReadStream } from "node:fs"
import { Either } from "effect"
import { CsvSplitter, type CsvRecord } from "../src/pipelines/shared/csvSplitter.js"
import { ScrubbedRowDecoder, type RankedRow } from "../src/pipelines/loadScoresToStream/decodeScrubbedRows.js"
import { FanCombiner, type FanGroup } from "../src/pipelines/loadScoresToStream/combineFans.js"
import { fanRecordJson } from "../src/pipelines/loadScoresToStream/fanRecordJson.js"
import type { ScrubbedRow } from "../src/services/schemas/ScrubbedRow.js"

const path = process.argv[2]!
const groups: FanGroup[] = []
const splitter = new CsvSplitter(); const decoder = new TextDecoder(); const dec = new ScrubbedRowDecoder("f", "cbench")
const comb = new FanCombiner({ fan: (g) => void groups.push(g), reject: () => {} })
const each = (records: CsvRecord[]) => { for (const r of records) { if (!dec.ready) { Either.getOrThrow(dec.header(r)); continue } const row = dec.row(r); if (!("_tag" in row)) comb.push(row) } }
for await (const chunk of createReadStream(path)) each(splitter.push(decoder.decode(chunk as Buffer, { stream: true })))
each(splitter.end()); comb.end()

class Event { constructor(readonly market: string | undefined, readonly eventId: string | undefined) {} }
class Nudetect { constructor(readonly score: number | undefined, readonly scoreBand: string | undefined) {} }
class Origin { constructor(readonly nudetect: Nudetect) {} }
class Rec {
  constructor(
    readonly campaignId: string, readonly globalUserId: string, readonly memberId: string | undefined, readonly email: string | undefined,
    readonly score: number, readonly localFanscore: number | undefined, readonly accountFanscore: number | undefined, readonly bandScore: number | undefined,
    readonly isVerified: boolean, readonly rank: string, readonly events: Record<string, Event>, readonly tags: ReadonlyArray<string> | undefined,
    readonly origin: Origin | undefined, readonly phone: string | undefined, readonly phoneType: string | undefined, readonly phoneConfirmedDate: string | undefined,
    readonly firstName: string | undefined, readonly lastName: string | undefined, readonly locale: string | undefined, readonly __meta: object) {}
}
const meta = { correlation: "c0ffee-1234-5678", date: 1763800000000, source: "s3://vf-scoring/scrubbed/registrants.cbench.Benchmark.cleaned.csv" }
const byRank = (rows: ReadonlyArray<RankedRow>) => (rows.length === 1 ? rows : [...rows].sort((a, b) => a.rank - b.rank))
const viaObject = (g: FanGroup) => {
  const rows = byRank(g.rows); const lowest = rows[0]!; const f: ScrubbedRow = lowest.row
  const events: Record<string, Event> = {}
  for (const r of rows) events[r.rank] = new Event(r.row.hbase, r.row.event_id)
  const ns = f["nudetect.score"], nb = f["nudetect.scoreBand"]
  return JSON.stringify(new Rec("cbench", f.globalUserId, f.memberId, f.email, f.score, f.localFanscore, f.accountFanscore, f.bandScore, f.isVerified, String(lowest.rank), events,
    f.review_notes !== undefined && f.review_notes.length > 0 ? f.review_notes : undefined, ns === undefined && nb === undefined ? undefined : new Origin(new Nudetect(ns, nb)),
    f.phone, f.phoneType, f.phoneConfirmedDate, f.firstName, f.lastName, f.locale, meta))
}
const metaJson = JSON.stringify(meta)
let same = 0
for (const g of groups.slice(0, 1000)) if (viaObject(g) === fanRecordJson('"cbench"', g, metaJson)) same++
console.log("same", same, "of 1000")
for (let round = 0; round < 4; round++) {
  let t = performance.now(); let bytes = 0
  for (const g of groups) bytes += fanRecordJson('"cbench"', g, metaJson).length
  const manual = performance.now() - t
  t = performance.now()
  for (const g of groups) bytes += viaObject(g).length
  const object = performance.now() - t
  t = performance.now()
  for (const g of groups) bytes += Buffer.byteLength(fanRecordJson('"cbench"', g, metaJson))
  const manualFlat = performance.now() - t
  t = performance.now()
  for (const g of groups) bytes += Buffer.byteLength(viaObject(g))
  const objectFlat = performance.now() - t
  console.log(groups.length, "manual", manual.toFixed(0), "object", object.toFixed(0), "manual+byteLength", manualFlat.toFixed(0), "object+byteLength", objectFlat.toFixed(0))
}
