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
export const draw = (seed: number, fan: number, rank: number, salt: number) => hash(seed, fan, rank, salt) / 2 ** 32
export const pick = <A>(values: ReadonlyArray<A>, at: number): A => values[Math.floor(at * values.length)]!

// --- the plan: which row is which, without text -------------------------------------

export interface PlannedRow {
  /** 1-based data row. */
  readonly n: number
  readonly fan: number
  readonly rank: number
  readonly invalid: InvalidKind | undefined
  readonly multiline: boolean
}

export const settings = (options: ScrubbedFileOptions) => ({
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
export type Settings = ReturnType<typeof settings>

export function* plan(s: Settings): Generator<PlannedRow> {
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
