import { Stream } from "effect"
import { csvLine } from "./csvText.js"
import { draw, pick, plan, type PlannedRow, type ScrubbedFileOptions, scrubbedFileColumns, settings, type Settings } from "./scrubbedPlan.js"

// --- the text of a row ---------------------------------------------------------------

const markets = ["Chicago", "Denver", "New York, NY", "São Paulo", "Zürich", "Los Angeles"]
const firstNames = ["Ann", "Zoë", "José", "Sam, Jr.", "Li", "Ō'Brien"]
const lastNames = ['Lee "Lefty"', "Müller", "Smith", "Nguyễn", "Okafor", "García"]
const notes = ["", "", "vip", "vip| presale |", "fanclub|", " |early| "]
const bands = ["low", "medium", "high"]
const verified = ["true", "false", "TRUE", "False", "1", "0"]
const phoneTypes = ["mobile", "landline", "voip"]

const gidOf = (seed: number, fan: number) => `gu${seed}x${String(fan).padStart(9, "0")}`
const fixed = (value: number, digits: number) => value.toFixed(digits)

const header = (s: Settings) => {
  const columns: Array<string> = [...scrubbedFileColumns]
  if (s.rankColumn) columns.splice(1, 0, "rank")
  if (s.padding > 0) columns.push("padding")
  return columns
}

const filler = (length: number) => {
  const words = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor "
  return words.repeat(Math.ceil(length / words.length)).slice(0, length)
}

const rowFields = (s: Settings, row: PlannedRow, padding: string): Array<string> => {
  const { seed } = s
  const { fan, rank } = row
  const d = (salt: number) => draw(seed, fan, 0, salt) // fan-level
  const r = (salt: number) => draw(seed, fan, rank + 1, salt) // rank-level
  const gid = gidOf(seed, fan)
  const maybe = (salt: number, value: string, absentShare = 0.2) => (d(salt) < absentShare ? "" : value)
  const values: Record<string, string> = {
    id: `${gid}${String(rank).padStart(3, "0")}`,
    rank: String(rank),
    globalUserId: gid,
    campaign_id: d(1) < 0.1 ? "" : s.campaignId,
    score: fixed(d(2), 4),
    localFanscore: maybe(3, fixed(d(4), 3)),
    accountFanscore: maybe(5, fixed(d(6), 3)),
    bandScore: maybe(7, fixed(d(8) * 10, 2)),
    isVerified: pick(verified, d(9)),
    "nudetect.score": maybe(10, String(Math.floor(d(11) * 100))),
    "nudetect.scoreBand": maybe(12, pick(bands, d(13))),
    review_notes: pick(notes, d(14)),
    hbase: r(15) < 0.1 ? "" : pick(markets, r(16)),
    event_id: r(17) < 0.3 ? "" : `ev${Math.floor(r(18) * 1e6)}`,
    memberId: maybe(19, `m${fan}`),
    email: maybe(20, ` Fan.${fan}@Example.COM `),
    phone: maybe(21, `+1555${String(fan % 10_000_000).padStart(7, "0")}`),
    phoneType: maybe(22, pick(phoneTypes, d(23))),
    phoneConfirmedDate: maybe(24, "2025-06-01T12:00:00Z"),
    firstName: maybe(25, pick(firstNames, d(26))),
    lastName: maybe(27, pick(lastNames, d(28))),
    locale: maybe(29, "en-us", 0.1),
    padding
  }
  if (row.multiline) values.review_notes = `vip|\nsecond line`
  switch (row.invalid) {
    case "score":
      values.score = "not-a-number"
      break
    case "isVerified":
      values.isVerified = "maybe"
      break
    case "globalUserId":
      values.globalUserId = "  "
      break
    case "campaign mismatch":
      values.campaign_id = `${s.campaignId}-other`
      break
    case "unranked":
      values.id = `${gid}x`
      values.rank = "-1"
      break
    case "infinite score":
      values.score = "Infinity"
      break
    default:
      break
  }
  const fields = header(s).map((column) => values[column]!)
  if (row.invalid === "field count") fields.pop()
  return fields
}

// --- the byte stream -------------------------------------------------------------------

/** The file's byte pieces, generated as they are pulled. */
export function* scrubbedFileChunks(options: ScrubbedFileOptions): Generator<Uint8Array> {
  const s = settings(options)
  const encoder = new TextEncoder()
  const padding = filler(s.padding)
  let carry: Uint8Array = new Uint8Array(0)
  let text = (s.bom ? "\uFEFF" : "") + csvLine(header(s), s.lineEnd)
  const flush = function* (last: boolean): Generator<Uint8Array> {
    const encoded = encoder.encode(text)
    text = ""
    const bytes = new Uint8Array(carry.length + encoded.length)
    bytes.set(carry)
    bytes.set(encoded, carry.length)
    let at = 0
    while (bytes.length - at >= s.chunkBytes) {
      yield bytes.slice(at, at + s.chunkBytes)
      at += s.chunkBytes
    }
    carry = bytes.slice(at)
    if (last && carry.length > 0) yield carry
  }
  for (const row of plan(s)) {
    text += csvLine(rowFields(s, row, padding), s.lineEnd)
    if (text.length >= s.chunkBytes) yield* flush(false)
  }
  yield* flush(true)
}

/** A generated scrubbed file as a lazy byte stream (one piece per pull). */
export const scrubbedFile = (options: ScrubbedFileOptions): Stream.Stream<Uint8Array> =>
  Stream.suspend(() => Stream.fromIteratorSucceed(scrubbedFileChunks(options), 1))

/** The whole generated file as text: for small files only. */
export const scrubbedFileText = (options: ScrubbedFileOptions): string => {
  const decoder = new TextDecoder()
  let text = ""
  for (const piece of scrubbedFileChunks(options)) text += decoder.decode(piece, { stream: true })
  return text + decoder.decode()
}
