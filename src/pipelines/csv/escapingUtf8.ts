/**
 * UTF-8 bytes ↔ text, exact about bytes that are not UTF-8. Each such byte becomes a lone
 * low surrogate, U+DC00 + the byte (U+DC80–U+DCFF, as Python's "surrogateescape"), which
 * valid UTF-8 never decodes to: a piece of text holds bytes that were not UTF-8 exactly
 * when it is not well-formed, and encodeEscapedUtf8 writes those bytes back as they were.
 */

const fatal = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true })
const lenient = new TextDecoder("utf-8", { ignoreBOM: true })
const encoder = new TextEncoder()

/** Whether text has no lone surrogate (Node 20's String.prototype.isWellFormed; ES2024, past this project's lib). */
export const isWellFormed = (text: string): boolean => (text as unknown as { isWellFormed(): boolean }).isWellFormed()

/** The position of the first field holding bytes that were not UTF-8, or -1. */
export const firstIllFormed = (fields: ReadonlyArray<string>): number => fields.findIndex((field) => !isWellFormed(field))

const continues = (byte: number | undefined) => byte !== undefined && byte >= 0x80 && byte <= 0xbf

/** The length of the valid UTF-8 sequence at `at` (RFC 3629: no overlong forms, no surrogates, ≤ U+10FFFF), or 0. */
const sequenceAt = (bytes: Uint8Array, at: number): number => {
  const lead = bytes[at]!
  if (lead < 0x80) return 1
  if (lead < 0xc2) return 0
  if (lead < 0xe0) return continues(bytes[at + 1]) ? 2 : 0
  const second = bytes[at + 1]
  if (second === undefined) return 0
  if (lead < 0xf0) {
    const [low, high] = lead === 0xe0 ? [0xa0, 0xbf] : lead === 0xed ? [0x80, 0x9f] : [0x80, 0xbf]
    return second >= low && second <= high && continues(bytes[at + 2]) ? 3 : 0
  }
  if (lead > 0xf4) return 0
  const [low, high] = lead === 0xf0 ? [0x90, 0xbf] : lead === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf]
  return second >= low && second <= high && continues(bytes[at + 2]) && continues(bytes[at + 3]) ? 4 : 0
}

/** Bytes known to hold some that are not UTF-8: the valid runs decoded natively, each other byte escaped. */
const decodeEscaping = (bytes: Uint8Array): string => {
  let text = ""
  let run = 0
  for (let at = 0; at < bytes.length; ) {
    const size = sequenceAt(bytes, at)
    if (size > 0) {
      at += size
      continue
    }
    text += lenient.decode(bytes.subarray(run, at)) + String.fromCharCode(0xdc00 + bytes[at]!)
    run = ++at
  }
  return text + lenient.decode(bytes.subarray(run))
}

/** Where a trailing sequence left incomplete by the piece's end starts (the piece's length when none is). */
export const completeEnd = (bytes: Uint8Array, end = bytes.length): number => {
  for (let at = end - 1; at >= Math.max(0, end - 3); at--) {
    const byte = bytes[at]!
    if (byte < 0x80) return end
    if (byte >= 0xc0) return end - at < (byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2) ? at : end
  }
  return end
}

const bom = [0xef, 0xbb, 0xbf]
const startsLikeBom = (bytes: Uint8Array) => bytes.every((byte, i) => i >= 3 || byte === bom[i])

/**
 * Decodes UTF-8 pushed in pieces of any size. A sequence cut by a piece's end (at most 3
 * bytes) is carried into the next piece, so each piece is decoded on its own: natively and
 * strictly (fast), and only a piece that holds bytes that are not UTF-8 again with those
 * bytes escaped. A byte-order mark is dropped at the start (when `atFileStart`) only.
 */
export class EscapingUtf8Decoder {
  private carry: Uint8Array | undefined

  constructor(private atFileStart = true) {}

  decode(piece: Uint8Array, final = false): string {
    let bytes = piece
    if (this.carry !== undefined) {
      bytes = Buffer.concat([this.carry, piece])
      this.carry = undefined
    }
    if (this.atFileStart) {
      if (bytes.length < 3 && !final && startsLikeBom(bytes)) {
        this.keep(bytes, 0)
        return ""
      }
      this.atFileStart = false
      if (bytes.length >= 3 && startsLikeBom(bytes)) bytes = bytes.subarray(3)
    }
    const end = final ? bytes.length : completeEnd(bytes)
    this.keep(bytes, end)
    const whole = bytes.subarray(0, end)
    try {
      return fatal.decode(whole)
    } catch {
      return decodeEscaping(whole)
    }
  }

  /** Carries bytes[end…] into the next piece. */
  private keep(bytes: Uint8Array, end: number) {
    if (end < bytes.length) this.carry = bytes.slice(end)
  }
}

/** Decodes bytes that end where a record ends (a block, a record): escaped as EscapingUtf8Decoder does. */
export const decodeUtf8 = (bytes: Uint8Array, atFileStart = false): string => new EscapingUtf8Decoder(atFileStart).decode(bytes, true)

/** Text → UTF-8, escaped bytes (U+DC80–U+DCFF not after a high surrogate) written back as the bytes they were. */
export const encodeEscapedUtf8 = (text: string): Uint8Array => {
  if (isWellFormed(text)) return encoder.encode(text)
  const parts: Array<Uint8Array> = []
  let run = 0
  for (let at = 0; at < text.length; at++) {
    const unit = text.charCodeAt(at)
    const escaped = unit >= 0xdc80 && unit <= 0xdcff && !(at > 0 && text.charCodeAt(at - 1) >= 0xd800 && text.charCodeAt(at - 1) <= 0xdbff)
    if (!escaped) continue
    parts.push(encoder.encode(text.slice(run, at)), Uint8Array.of(unit - 0xdc00))
    run = at + 1
  }
  parts.push(encoder.encode(text.slice(run)))
  return Buffer.concat(parts)
}
