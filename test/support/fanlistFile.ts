import { Stream } from "effect"

export interface FanlistFileOptions {
  readonly rows: number
  /** Distinct fans; row n belongs to fan n mod fans, so a fan's rows are far apart. */
  readonly fans: number
  /** Characters of filler per row in an unknown `note` column. */
  readonly padding?: number
  readonly chunkBytes?: number
}

/** The score of row n: a fan's best row is its last one. */
export const fanlistScore = (n: number, fans: number) => (Math.floor(n / fans) + 1) / 100

/** A scored fanlist generated piece by piece as it is pulled (never whole in memory). */
export function* fanlistChunks(options: FanlistFileOptions): Generator<Uint8Array> {
  const encoder = new TextEncoder()
  const note = "x".repeat(options.padding ?? 0)
  const chunk = options.chunkBytes ?? 64 * 1024
  let text = "globalUserId,memberId,email,score,isVerified,note\n"
  for (let n = 0; n < options.rows; n++) {
    const fan = n % options.fans
    const id = fan % 3 === 0 ? `g${fan},,` : fan % 3 === 1 ? `,m${fan},` : `,,fan${fan}@example.com`
    text += `${id},${fanlistScore(n, options.fans)},${fan % 5 === 0 ? "false" : ""},${note}\n`
    if (text.length >= chunk) {
      yield encoder.encode(text)
      text = ""
    }
  }
  yield encoder.encode(text)
}

export const fanlistFile = (options: FanlistFileOptions): Stream.Stream<Uint8Array> =>
  Stream.suspend(() => Stream.fromIteratorSucceed(fanlistChunks(options), 1))
