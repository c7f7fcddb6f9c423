import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Logger, LogLevel } from "effect"
import { MemoryWorld } from "../../../src/local/memory/MemoryWorld.js"
import { scrubbedBlockWorkers } from "../../../src/layers/node/ScrubbedBlockWorkers.js"
import { loadScoresToStream } from "../../../src/pipelines/loadScoresToStream/loadScoresToStream.js"
import { inThreadBlockDecoder, ScrubbedBlockDecoder } from "../../../src/pipelines/loadScoresToStream/ScrubbedBlockDecoder.js"
import { rejectsKey } from "../../../src/pipelines/quality/rejectsFile.js"
import { scrubbedKey } from "../../support/scrubbedFile.js"

/** A scrubbed file's bad input: bytes that are not UTF-8, records over 1 MiB, a quote left open at its end (SPEC §3). */

const key = scrubbedKey("c1")
const header = "id,globalUserId,rank,score,isVerified,hbase,email\n"
const bytesOf = (...parts: ReadonlyArray<string | ReadonlyArray<number>>) => new Uint8Array(Buffer.concat(parts.map((part) => Buffer.from(part as string))))
const fan = (n: number, hbase = "Chicago", email = `f${n}@b.co`) => `g${n}0,g${n},0,0.${n},true,${hbase},${email}\n`
const fans = (from: number, count: number) => Array.from({ length: count }, (_, i) => fan(from + i)).join("")

const load = (body: Uint8Array, decoder?: Layer.Layer<ScrubbedBlockDecoder>) =>
  Effect.gen(function* () {
    const world = new MemoryWorld()
    world.bucket.objects.set(key, body)
    const run = loadScoresToStream(key).pipe(Effect.provide(world.layer), Logger.withMinimumLogLevel(LogLevel.None))
    const result = yield* Effect.either(decoder === undefined ? run : Effect.provide(run, decoder))
    const records = world.scoresStream.fanEntries().map((entry) => new TextDecoder().decode(entry.data))
    return { result, records, world, rejects: world.bucket.objects.get(rejectsKey(key)) }
  })

/** 12 good rows, rows 14 and 15 with bytes that are not UTF-8 (a city, an email), 30 good ones: in blocks of 256 bytes, past the first. */
const badBytesFile = bytesOf(header, fans(1, 12), "g130,g13,0,0.13,true,Den", [0xc3], "ver,f13@b.co\n", "g140,g14,0,0.14,true,Chicago,", [0xff, 0xfe], "@b.co\n", fans(15, 30))

describe("loadScoresToStream: bytes that are not UTF-8", () => {
  const smallBlocks = Layer.succeed(ScrubbedBlockDecoder, { ...inThreadBlockDecoder, blockBytes: 256, concurrency: 2 })
  const cases = [["in this thread", undefined], ["in blocks handed to the block decoder", smallBlocks], ["on worker threads", scrubbedBlockWorkers(1, 256)]] as const
  for (const [where, decoder] of cases) {
    it.effect(`refuse their row naming the encoding and the column, and nothing of it goes out (${where})`, () =>
      Effect.gen(function* () {
        const { result, records, rejects } = yield* load(badBytesFile, decoder)
        if (result._tag === "Left") throw result.left
        expect(result.right).toMatchObject({ in: 44, valid: 42, invalid: 2, out: 42 })
        expect(result.right.errors).toEqual([
          { line: 14, reason: 'column "hbase": bytes that are not valid UTF-8' },
          { line: 15, reason: 'column "email": bytes that are not valid UTF-8' }
        ])
        expect(records.filter((record) => /"g1[34]"|\ufffd|Den/.test(record))).toEqual([])
        // The rejects file holds the rows' own bytes, as they were.
        const rows = Buffer.from(rejects!).toString("latin1").split("\n")
        expect(rows[1]).toBe(`14,"column ""hbase"": bytes that are not valid UTF-8",g130,g13,0,0.13,true,Den\xc3ver,f13@b.co`)
        expect(rows[2]).toBe(`15,"column ""email"": bytes that are not valid UTF-8",g140,g14,0,0.14,true,Chicago,\xff\xfe@b.co`)
      }), 60_000)
  }
})

describe("loadScoresToStream: records over 1 MiB", () => {
  const mib = 1024 * 1024
  it.effect("a first line over 1 MiB fails the file as a header too long, at line 1", () =>
    Effect.gen(function* () {
      const { result, records } = yield* load(bytesOf("x".repeat(5 * mib)))
      expect(result._tag === "Left" && result.left).toMatchObject({ _tag: "UnreadableFile", line: 1, reason: "header: record longer than 1 MiB" })
      expect(records).toEqual([])
    }))

  it.effect("a field over 1 MiB with no quote makes its row too long (not a quote problem); its rejects row keeps the other fields", () =>
    Effect.gen(function* () {
      const { result, records, rejects } = yield* load(bytesOf(header, fan(1), fan(2, "y".repeat(5 * mib)), fan(3)))
      if (result._tag === "Left") throw result.left
      expect(result.right).toMatchObject({ in: 3, valid: 2, invalid: 1, errors: [{ line: 3, reason: "record longer than 1 MiB" }] })
      expect(records).toHaveLength(2)
      const [, row] = new TextDecoder().decode(rejects).split("\n")
      expect(row!.length).toBeLessThan(2048)
      expect(row!.split(",")).toEqual(["3", "record longer than 1 MiB", "g20", "g2", "0", "0.2", "true", `${"y".repeat(1024)}…`, "f2@b.co"])
    }))
})

describe("loadScoresToStream: a quote left open at the end of a small file", () => {
  it.effect("is refused on its line from the file's one block: no block goes to the decoder (no thread is started)", () =>
    Effect.gen(function* () {
      let asked = 0
      const counting = Layer.succeed(ScrubbedBlockDecoder, {
        ...inThreadBlockDecoder,
        blockBytes: 512 * 1024,
        decode: (job) => Effect.suspend(() => (asked++, inThreadBlockDecoder.decode(job)))
      })
      const { result } = yield* load(bytesOf(header, fan(1), 'g20,g2,0,0.2,true,"Chicago,f2@b.co\n'), counting)
      if (result._tag === "Left") throw result.left
      expect(result.right).toMatchObject({ in: 2, valid: 1, invalid: 1, errors: [{ line: 3, reason: expect.stringContaining("unterminated") }] })
      expect(asked).toBe(0)
    }))
})
