import { describe, expect, it } from "@effect/vitest"
import { Effect, Logger, LogLevel } from "effect"
import { MemoryWorld } from "../../../src/local/memory/MemoryWorld.js"
import { loadScoresToStream } from "../../../src/pipelines/loadScoresToStream/loadScoresToStream.js"
import { scrubbedKey } from "../../support/scrubbedFile.js"

/** Files that cannot be read at all fail whole (SPEC §3): a clear error, nothing emitted. */

const key = scrubbedKey("c1")
const utf8 = (text: string) => new TextEncoder().encode(text)
const goodRows = "g1000,g1,0.5,true\ng2000,g2,0.7,false\n"

/** Runs the worker on `key` after storing `body` (if any); gives the failure and the world. */
const failing = (body: Uint8Array | undefined, at = key) =>
  Effect.gen(function* () {
    const world = new MemoryWorld()
    if (body !== undefined) world.bucket.objects.set(at, body)
    const error = yield* loadScoresToStream(at).pipe(
      Effect.provide(world.layer),
      Logger.withMinimumLogLevel(LogLevel.None),
      Effect.flip
    )
    // A file that fails whole emits nothing: no record, no put call, no verdict message.
    expect(world.scoresStream.fanEntries()).toEqual([])
    expect(world.scoresStream.calls).toBe(0)
    expect(world.verdictQueue.sent).toEqual([])
    return error
  })

describe("loadScoresToStream: files that cannot be read", () => {
  it.effect("fails on a missing object, naming bucket and key", () =>
    Effect.gen(function* () {
      const error = yield* failing(undefined)
      expect(error).toMatchObject({ _tag: "ObjectNotFound", bucket: "vf-scoring", key })
      expect(error.message).toContain(key)
    }))

  it.effect("fails on binary content (a gzip file) as not CSV", () =>
    Effect.gen(function* () {
      const gzip = new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x4b, 0x4c, 0x4a, 0x06, 0x00])
      const error = yield* failing(gzip)
      expect(error).toMatchObject({ _tag: "UnreadableFile", file: key, reason: expect.stringMatching(/not a CSV/) })
    }))

  it.effect("fails on a PNG image that merely has a .csv name", () =>
    Effect.gen(function* () {
      const png = new Uint8Array(2048)
      png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])
      const error = yield* failing(png)
      expect(error._tag).toBe("UnreadableFile")
    }))

  it.effect("fails on text that is not CSV of this file (no header with the required columns)", () =>
    Effect.gen(function* () {
      const error = yield* failing(utf8('{"campaignId":"c1","fans":[1,2,3]}\n'))
      expect(error).toMatchObject({ _tag: "UnreadableFile", line: 1 })
    }))

  it.effect("fails on an empty file", () =>
    Effect.gen(function* () {
      const error = yield* failing(new Uint8Array(0))
      expect(error).toMatchObject({ _tag: "UnreadableFile", reason: expect.stringMatching(/empty/) })
    }))

  it.effect("fails on a file of only a byte-order mark and blank lines", () =>
    Effect.gen(function* () {
      const error = yield* failing(utf8("\uFEFF\r\n\r\n\n"))
      expect(error).toMatchObject({ _tag: "UnreadableFile", reason: expect.stringMatching(/empty/) })
    }))

  it.effect.each(["globalUserId", "score", "isVerified"])("fails when the header lacks the required column %s, naming it", (missing) =>
    Effect.gen(function* () {
      const columns = ["id", "globalUserId", "score", "isVerified"].map((column) => (column === missing ? "other" : column))
      const error = yield* failing(utf8(`${columns.join(",")}\n${goodRows}`))
      expect(error).toMatchObject({ _tag: "UnreadableFile", line: 1, reason: expect.stringContaining(missing) })
    }))

  it.effect("fails when the header has neither rank nor id: no row could be ranked", () =>
    Effect.gen(function* () {
      const error = yield* failing(utf8("globalUserId,score,isVerified\ng1,0.5,true\n"))
      expect(error).toMatchObject({ _tag: "UnreadableFile", line: 1, reason: expect.stringMatching(/rank/) })
    }))

  it.effect("fails on a file without a header row (data from line 1)", () =>
    Effect.gen(function* () {
      const error = yield* failing(utf8(goodRows))
      expect(error._tag).toBe("UnreadableFile")
    }))

  it.effect.each([
    "scrubbed/foo.csv",
    "scrubbed/registrants.c1.Tour.20260101.csv",
    "fanlist/scored/c1/20260101.csv",
    "registrants.c1.Tour.20260101T0900.cleaned.prepared.merged.csv",
    "scrubbed/registrants..Tour.20260101T0900.cleaned.prepared.merged.csv"
  ])("fails on the key %s, out of the scrubbed pattern, without reading it", (badKey) =>
    Effect.gen(function* () {
      const error = yield* failing(utf8(`id,globalUserId,score,isVerified\n${goodRows}`), badKey)
      expect(error).toMatchObject({ _tag: "KeyPatternMismatch", key: badKey })
      expect(error.message).toContain("registrants.<campaignId>")
    }))
})

describe("loadScoresToStream: readable files without rows", () => {
  it.effect("gives zero counts and sends no verdict message for a header-only file", () =>
    Effect.gen(function* () {
      const world = new MemoryWorld()
      world.bucket.objects.set(key, utf8("id,globalUserId,score,isVerified\r\n\r\n"))
      const result = yield* loadScoresToStream(key).pipe(Effect.provide(world.layer))
      expect(result).toEqual({ campaignId: "c1", in: 0, valid: 0, invalid: 0, duplicate: 0, out: 0, failed: 0, errors: [] })
      expect(world.verdictQueue.sent).toEqual([])
    }))

  it.effect("reads a campaignId with dashes and a campaign name with dots from the key", () =>
    Effect.gen(function* () {
      const dotted = "scrubbed/registrants.cmp-42.Summer.Tour.2026.20261120T0900.cleaned.prepared.merged.csv"
      const world = new MemoryWorld()
      world.bucket.objects.set(dotted, utf8(`id,globalUserId,score,isVerified\n${goodRows}`))
      const result = yield* loadScoresToStream(dotted).pipe(Effect.provide(world.layer))
      expect(result).toMatchObject({ campaignId: "cmp-42", out: 2 })
      expect(world.verdictQueue.sent[0]!.body).toMatchObject({ campaignId: "cmp-42", count: 2, source: dotted })
    }))
})
