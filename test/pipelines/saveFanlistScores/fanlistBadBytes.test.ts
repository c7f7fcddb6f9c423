import { describe, expect, it } from "@effect/vitest"
import { Effect, Logger, LogLevel } from "effect"
import { MemoryWorld } from "../../../src/local/memory/MemoryWorld.js"
import { rejectsKey } from "../../../src/pipelines/quality/rejectsFile.js"
import { fanItems, fanlistKey, runFanlist } from "./fanlistFixture.js"

/** A fanlist's bad input: bytes that are not UTF-8, records over 1 MiB, a quote left open at its end (SPEC §3). */

const header = "globalUserId,memberId,email,score,isVerified\n"
const bytesOf = (...parts: ReadonlyArray<string | ReadonlyArray<number>>) => new Uint8Array(Buffer.concat(parts.map((part) => Buffer.from(part as string))))
const mib = 1024 * 1024

const run = (body: Uint8Array) =>
  Effect.gen(function* () {
    const world = new MemoryWorld()
    world.bucket.objects.set(fanlistKey, body)
    const result = yield* Effect.either(runFanlist(world).pipe(Logger.withMinimumLogLevel(LogLevel.None)))
    const keys = fanItems(world).map((item) => item.PK)
    const streamed = world.campaignDataStream.records().map((record) => record.partitionKey)
    return { result, keys, streamed, rejects: world.bucket.objects.get(rejectsKey(fanlistKey)) }
  })

describe("saveFanlistScores: bad input", () => {
  it.effect("refuses a row with bytes that are not UTF-8, naming the encoding and the column: not saved, not streamed, not counted valid", () =>
    Effect.gen(function* () {
      const body = bytesOf(header, "g1,m1,a@b.co,0.9,\n,,", [0xff, 0xfe], "@b.co,0.8,\n,M", [0xc3], "x,,0.7,\ng4,,,0.6,\n")
      const { result, keys, streamed, rejects } = yield* run(body)
      if (result._tag === "Left") throw result.left
      expect(result.right).toMatchObject({ input: { in: 4, invalid: 2, duplicate: 0, valid: 2 }, dynamo: { out: 2 }, stream: { out: 2 } })
      expect(result.right.errors).toEqual([
        { line: 3, reason: 'column "email": bytes that are not valid UTF-8' },
        { line: 4, reason: 'column "memberId": bytes that are not valid UTF-8' }
      ])
      expect(keys).toEqual(["fan:g1", "fan:g4"])
      expect(streamed).toEqual(["g1", "g4"])
      const rows = Buffer.from(rejects!).toString("latin1").split("\n")
      expect(rows.slice(1, 3)).toEqual([
        '3,"column ""email"": bytes that are not valid UTF-8",,,\xff\xfe@b.co,0.8,',
        '4,"column ""memberId"": bytes that are not valid UTF-8",,M\xc3x,,0.7,'
      ])
    }))

  it.effect("fails a file whose first line is over 1 MiB as a header too long, at line 1, saving nothing", () =>
    Effect.gen(function* () {
      const { result, keys } = yield* run(bytesOf("x".repeat(5 * mib)))
      expect(result._tag === "Left" && result.left).toMatchObject({ _tag: "UnreadableFile", line: 1, reason: "header: record longer than 1 MiB" })
      expect(keys).toEqual([])
    }))

  it.effect("refuses a row with a field over 1 MiB and no quote as too long; its rejects row keeps its other fields, cut to size", () =>
    Effect.gen(function* () {
      const { result, keys, rejects } = yield* run(bytesOf(header, "g1,m1,a@b.co,0.9,\ng2,m2,", "y".repeat(5 * mib), ",0.8,\ng3,,,0.7,\n"))
      if (result._tag === "Left") throw result.left
      expect(result.right.errors).toEqual([{ line: 3, reason: "record longer than 1 MiB" }])
      expect(keys).toEqual(["fan:g1", "fan:g3"])
      const [, row] = new TextDecoder().decode(rejects).split("\n")
      expect(row!.split(",")).toEqual(["3", "record longer than 1 MiB", "g2", "m2", `${"y".repeat(1024)}…`, "0.8", ""])
    }))

  it.effect("fails a file whose header leaves a quote open to the end, instead of reading no rows", () =>
    Effect.gen(function* () {
      const { result } = yield* run(bytesOf('globalUserId,memberId,"email,score\ng1,m1,a@b.co,0.9\n'))
      expect(result._tag === "Left" && result.left).toMatchObject({ _tag: "UnreadableFile", line: 1, reason: expect.stringMatching(/^header: malformed quoted field/) })
    }))
})
