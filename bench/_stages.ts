import { createReadStream } from "node:fs"
import { CsvSplitter, type CsvRecord } from "../src/pipelines/shared/csvSplitter.js"
import { ScrubbedRowDecoder } from "../src/pipelines/loadScoresToStream/decodeScrubbedRows.js"
import { FanCombiner } from "../src/pipelines/loadScoresToStream/combineFans.js"
import { fanRecordJson } from "../src/pipelines/loadScoresToStream/fanRecordJson.js"
import { Either } from "effect"
import { outbound } from "../src/pipelines/shared/recordBatches.js"
const path = process.argv[2]!
const stage = Number(process.argv[3])
const run = async () => {
  const t = performance.now()
  const splitter = new CsvSplitter()
  const decoder = new TextDecoder()
  const dec = new ScrubbedRowDecoder("f", "cbench")
  let n = 0, fans = 0, bytes = 0
  const enc = new TextEncoder()
  let keep: unknown[] = []
  const comb = new FanCombiner({ fan: (g) => { fans++; if (stage >= 3) { const j = fanRecordJson('"cbench"', g, '{"a":1}'); if (stage === 4) bytes += enc.encode(j).length; if (stage === 5) keep.push(outbound(g.globalUserId, j, 1)) } }, reject: () => {} })
  const each = (records: CsvRecord[]) => {
    for (const r of records) {
      n++
      if (stage < 2) continue
      if (!dec.ready) { Either.getOrThrow(dec.header(r)); continue }
      const row = dec.row(r)
      if (stage >= 3 && !("_tag" in row)) comb.push(row)
    }
  }
  for await (const chunk of createReadStream(path, { highWaterMark: 64 * 1024 })) keep = [], each(splitter.push(decoder.decode(chunk as Buffer, { stream: true })))
  each(splitter.end()); comb.end()
  const s = (performance.now() - t) / 1000
  return { stage, n, fans, bytes, s: s.toFixed(3), rps: Math.round(n / s) }
}
for (let i = 0; i < 4; i++) { const r = await run(); if (i === 3) console.log(JSON.stringify(r)) }
