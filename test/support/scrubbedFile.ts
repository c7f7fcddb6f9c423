import { Stream } from "effect"

/**
 * Realistic scrubbed registrants files (SPEC §3.1) for tests and benchmarks.
 *
 * `scrubbedFile(options)` is a lazy `Stream<Uint8Array>`: rows are generated a chunk at a
 * time and cut into fixed-size byte pieces (so pieces end mid-row, mid-quote and
 * mid-character), never the whole file in memory. The same options always give the same
 * bytes (seeded), and `scrubbedFileSummary(options)` tells what a correct run must count
 * without generating the text.
 *
 * `csvText` / `csvBytes` make a small file from row objects, quoting as RFC 4180 needs.
 */

/** The columns of a generated file, in order (plus `rank` and `padding` when asked). */
export const scrubbedFileColumns = [
  "id",
  "globalUserId",
  "campaign_id",
  "score",
  "localFanscore",
  "accountFanscore",
  "bandScore",
  "isVerified",
  "nudetect.score",
  "nudetect.scoreBand",
  "review_notes",
  "hbase",
  "event_id",
  "memberId",
  "email",
  "phone",
  "phoneType",
  "phoneConfirmedDate",
  "firstName",
  "lastName",
  "locale"
] as const

export interface ScrubbedFileOptions {
  /** Data rows (the header is not counted). */
  readonly rows: number
  /** The campaign of every valid row's `campaign_id` (default "c1"). */
  readonly campaignId?: string
  /** Seed of every random choice (default 1). */
  readonly seed?: number
  /** Every n-th data row (1-based) is invalid, for a rotating reason; 0 or absent = none. */
  readonly invalidEvery?: number
  /** Characters of filler per row in an extra, unknown `padding` column (default 0 = no column). */
  readonly padding?: number
  /** Every n-th data row has a quoted line break in its `review_notes` (one extra line); 0 = none. */
  readonly multilineEvery?: number
  /** true: a `rank` column; false (default): the rank comes from the `id` suffix. */
  readonly rankColumn?: boolean
  /** Rows per fan are 1 to maxRanks (default 3). */
  readonly maxRanks?: number
  /** Size of the byte pieces the stream emits (default 64 KiB); the last one may be shorter. */
  readonly chunkBytes?: number
  readonly lineEnd?: "\n" | "\r\n"
  /** Starts the file with a UTF-8 byte-order mark. */
  readonly bom?: boolean
}

/** What a correct run over a generated file counts. */
export interface ScrubbedFileSummary {
  readonly rows: number
  readonly valid: number
  readonly invalid: number
  /** Fans with at least one valid row: the fan records a run makes. */
  readonly fans: number
  /** Lines of the file, header included (blank trailing lines excluded). */
  readonly lines: number
  /** 1-based line and kind of the first 100 invalid rows. */
  readonly firstInvalid: ReadonlyArray<{ readonly line: number; readonly kind: InvalidKind }>
}

/** Why a generated row is invalid; each names what the row's error reason mentions. */
export const invalidKinds = [
  "score",
  "isVerified",
  "globalUserId",
  "campaign mismatch",
  "field count",
  "unranked",
  "infinite score"
] as const
export type InvalidKind = (typeof invalidKinds)[number]

/** A key that matches the scrubbed pattern for a campaign. */
export const scrubbedKey = (campaignId = "c1", name = "SummerTour2026", dateTime = "20261120T0900") =>
  `scrubbed/registrants.${campaignId}.${name}.${dateTime}.cleaned.prepared.merged.csv`

// --- randomness -------------------------------------------------------------------

/** A 32-bit hash of a few integers (stateless, so every row can be drawn on its own). */
const hash = (...values: ReadonlyArray<number>): number => {
  let h = 0x811c9dc5
  for (const value of values) {
    h = Math.imul(h ^ (value | 0), 0x01000193)
    h ^= h >>> 15
    h = Math.imul(h, 0x2c1b3c6d)
    h ^= h >>> 12
    h = Math.imul(h, 0x297a2d39)
    h ^= h >>> 15
  }
  return h >>> 0
}

/** A draw in [0, 1) for (seed, fan, rank, salt). */
const draw = (seed: number, fan: number, rank: number, salt: number) => hash(seed, fan, rank, salt) / 2 ** 32
const pick = <A>(values: ReadonlyArray<A>, at: number): A => values[Math.floor(at * values.length)]!

// --- the plan: which row is which, without text -------------------------------------

interface PlannedRow {
  /** 1-based data row. */
  readonly n: number
  readonly fan: number
  readonly rank: number
  readonly invalid: InvalidKind | undefined
  readonly multiline: boolean
}

const settings = (options: ScrubbedFileOptions) => ({
  rows: options.rows,
  campaignId: options.campaignId ?? "c1",
  seed: options.seed ?? 1,
  invalidEvery: options.invalidEvery ?? 0,
  padding: options.padding ?? 0,
  multilineEvery: options.multilineEvery ?? 0,
  rankColumn: options.rankColumn ?? false,
  maxRanks: Math.max(1, options.maxRanks ?? 3),
  chunkBytes: Math.max(1, options.chunkBytes ?? 64 * 1024),
  lineEnd: options.lineEnd ?? "\n",
  bom: options.bom ?? false
})
type Settings = ReturnType<typeof settings>

function* plan(s: Settings): Generator<PlannedRow> {
  let n = 0
  let invalidSeen = 0
  for (let fan = 0; n < s.rows; fan++) {
    const ranks = 1 + Math.floor(draw(s.seed, fan, -1, 0) * s.maxRanks)
    for (let rank = 0; rank < ranks && n < s.rows; rank++) {
      n++
      const isInvalid = s.invalidEvery > 0 && n % s.invalidEvery === 0
      const invalid = isInvalid ? invalidKinds[invalidSeen++ % invalidKinds.length] : undefined
      yield { n, fan, rank, invalid, multiline: s.multilineEvery > 0 && n % s.multilineEvery === 0 }
    }
  }
}

/** The counts a correct run over `scrubbedFile(options)` must report. */
export const scrubbedFileSummary = (options: ScrubbedFileOptions): ScrubbedFileSummary => {
  const s = settings(options)
  let valid = 0
  let invalid = 0
  let fans = 0
  let line = 1
  let fanWithValidRow = -1
  const firstInvalid: Array<{ line: number; kind: InvalidKind }> = []
  for (const row of plan(s)) {
    line++
    if (row.invalid !== undefined) {
      invalid++
      if (firstInvalid.length < 100) firstInvalid.push({ line, kind: row.invalid })
    } else {
      valid++
      if (fanWithValidRow !== row.fan) {
        fanWithValidRow = row.fan
        fans++
      }
    }
    if (row.multiline) line++
  }
  return { rows: valid + invalid, valid, invalid, fans, lines: line, firstInvalid }
}

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

/** Quotes a field when RFC 4180 needs it (comma, quote, line break, edge spaces). */
export const csvField = (value: string): string =>
  /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value

/** One CSV line of fields, ended by `lineEnd`. */
export const csvLine = (fields: ReadonlyArray<string>, lineEnd = "\n") => fields.map(csvField).join(",") + lineEnd

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

// --- small files from row objects ---------------------------------------------------------

export type RowValues = Readonly<Record<string, string | number | boolean | undefined>>

export interface CsvFileOptions {
  /** Header columns, in order (default: every key of the rows, in first-seen order). */
  readonly columns?: ReadonlyArray<string>
  readonly lineEnd?: "\n" | "\r\n"
  readonly bom?: boolean
}

/** CSV text of a header and rows; a value left out (or undefined) is an empty field. */
export const csvText = (rows: ReadonlyArray<RowValues>, options: CsvFileOptions = {}): string => {
  const columns = options.columns ?? [...new Set(rows.flatMap((row) => Object.keys(row)))]
  const lineEnd = options.lineEnd ?? "\n"
  const lines = [csvLine(columns, lineEnd)]
  for (const row of rows) lines.push(csvLine(columns.map((column) => (row[column] === undefined ? "" : String(row[column]))), lineEnd))
  return (options.bom ? "\uFEFF" : "") + lines.join("")
}

/** `csvText` as UTF-8 bytes. */
export const csvBytes = (rows: ReadonlyArray<RowValues>, options: CsvFileOptions = {}): Uint8Array =>
  new TextEncoder().encode(csvText(rows, options))
