import { Stream } from "effect"

export interface FanlistFileOptions {
  readonly rows: number
  /** Distinct fans; row n belongs to fan n mod fans, so a fan's rows are far apart. */
  readonly fans: number
  /** Characters of filler per row in an unknown `note` column. */
  readonly padding?: number
  readonly chunkBytes?: number
}

/** How fan `fan` is named: globalUserId, memberId or email by fan mod 3 (the other columns empty). */
export const fanlistIdentifier = (fan: number) =>
  fan % 3 === 0 ? { kind: "globalUserId", id: `g${fan}` } : fan % 3 === 1 ? { kind: "memberId", id: `m${fan}` } : { kind: "email", id: `fan${fan}@example.com` }

/** The score of row n: a fan's rows climb round by round (its best is its last), fans spread over [0, 1). */
export const fanlistScore = (n: number, fans: number) => Math.floor(n / fans) + ((n % fans) * 7919 % 1000) / 1000

/** Fans whose rows say isVerified false (fan mod 5 = 0); the others leave it empty. */
export const fanlistUnverified = (fan: number) => fan % 5 === 0

/** A scored fanlist generated piece by piece as it is pulled (never whole in memory). */
export function* fanlistChunks(options: FanlistFileOptions): Generator<Uint8Array> {
  const encoder = new TextEncoder()
  const note = "x".repeat(options.padding ?? 0)
  const chunk = options.chunkBytes ?? 64 * 1024
  let text = "globalUserId,memberId,email,score,isVerified,note\n"
  for (let n = 0; n < options.rows; n++) {
    const fan = n % options.fans
    const { kind, id } = fanlistIdentifier(fan)
    const ids = kind === "globalUserId" ? `${id},,` : kind === "memberId" ? `,${id},` : `,,${id}`
    text += `${ids},${fanlistScore(n, options.fans)},${fanlistUnverified(fan) ? "false" : ""},${note}\n`
    if (text.length >= chunk) {
      yield encoder.encode(text)
      text = ""
    }
  }
  yield encoder.encode(text)
}

export const fanlistFile = (options: FanlistFileOptions): Stream.Stream<Uint8Array> =>
  Stream.suspend(() => Stream.fromIteratorSucceed(fanlistChunks(options), 1))
