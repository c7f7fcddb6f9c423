import { describe, expect, it } from "vitest"
import fc from "fast-check"
import { decodeUtf8, EscapingUtf8Decoder, encodeEscapedUtf8, isWellFormed } from "../../../src/pipelines/csv/escapingUtf8.js"

/** Bytes → text exact about bytes that are not UTF-8, decoded in pieces cut anywhere. */

const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true })
const isUtf8 = (bytes: Uint8Array) => {
  try {
    strict.decode(bytes)
    return true
  } catch {
    return false
  }
}
const inPieces = (bytes: Uint8Array, cuts: ReadonlyArray<number>) => {
  const decoder = new EscapingUtf8Decoder(false)
  const at = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b)
  let text = ""
  let from = 0
  for (const to of at) {
    text += decoder.decode(bytes.subarray(from, to))
    from = to
  }
  return text + decoder.decode(bytes.subarray(from), true)
}
/** Bytes mostly UTF-8 (text of every width) with stray bytes among them. */
const mixedBytes = fc
  .array(fc.oneof(fc.string({ unit: "binary" }).map((s) => new TextEncoder().encode(s)), fc.uint8Array({ minLength: 1, maxLength: 3 })), { maxLength: 12 })
  .map((parts) => new Uint8Array(Buffer.concat(parts)))

describe("EscapingUtf8Decoder", () => {
  it("decodes valid UTF-8 as TextDecoder does, in pieces cut anywhere (inside characters too)", () =>
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.array(fc.nat()), (text, cuts) => {
        const bytes = new TextEncoder().encode(text)
        expect(inPieces(bytes, cuts)).toBe(text)
      })
    ))

  it("is well-formed exactly when the bytes were UTF-8, gives the same text however cut, and writes the bytes back as they were", () =>
    fc.assert(
      fc.property(mixedBytes, fc.array(fc.nat()), (bytes, cuts) => {
        const text = decodeUtf8(bytes)
        expect(isWellFormed(text)).toBe(isUtf8(bytes))
        expect(inPieces(bytes, cuts)).toBe(text)
        expect(Buffer.from(encodeEscapedUtf8(text)).equals(Buffer.from(bytes))).toBe(true)
      })
    ))

  it("escapes each byte that is not UTF-8 alone, and keeps the characters around it", () => {
    const bytes = Buffer.concat([Buffer.from("Den"), Buffer.of(0xc3), Buffer.from("ver,"), Buffer.of(0xff, 0xfe), Buffer.from("@b.co")])
    expect(decodeUtf8(bytes)).toBe("Den\udcc3ver,\udcff\udcfe@b.co")
  })

  it("drops a byte-order mark at the file's start only, even when it comes a byte at a time", () => {
    const decoder = new EscapingUtf8Decoder()
    const text = [0xef, 0xbb, 0xbf, 0x61].map((byte) => decoder.decode(Uint8Array.of(byte))).join("") + decoder.decode(Buffer.from("\ufeffb"), true)
    expect(text).toBe("a\ufeffb")
  })
})
