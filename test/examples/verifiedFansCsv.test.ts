import { describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, Logger, LogLevel, Stream } from "effect"
import { MemoryWorld } from "vf-scoring-workers/testing"
import { exportKey, exportVerifiedFans } from "../../examples/verifiedFansCsv/exportVerifiedFans.js"

/** examples/verifiedFansCsv in memory, through the export map (on S3 with multipart: verifiedFansCsv.s3.test.ts). */

const fan = (PK: string, campaignId: string, isVerified: boolean, verdict?: string) => ({
  PK,
  SK: `campaign:${campaignId}`,
  campaignId,
  isVerified,
  score: 0.5,
  ...(verdict === undefined ? {} : { verdict })
})

const textOf = (world: MemoryWorld, key: string) =>
  Effect.map(Stream.runCollect(world.bucket.service.readObject(key)), (pieces) => Buffer.concat(Chunk.toArray(pieces)).toString("utf8"))

describe("exportVerifiedFans", () => {
  it.effect("writes the verified fans of the campaign only, one CSV line each, named by their key's kind", () =>
    Effect.gen(function* () {
      const world = new MemoryWorld()
      for (const item of [
        fan("fan:g1", "c1", true, "selected"),
        fan("sid:m2", "c1", true),
        fan("email:a,b@x.co", "c1", true, "verified"),
        fan("fan:g4", "c1", false, "rejected"),
        fan("fan:g5", "c2", true)
      ]) world.demandTable.putItem(item)
      world.demandTable.putItem({ PK: "campaign:c1", SK: "meta:counts", verified: 3 })
      const result = yield* exportVerifiedFans("c1").pipe(Effect.provide(world.layer), Logger.withMinimumLogLevel(LogLevel.None))
      expect(result).toMatchObject({ campaignId: "c1", key: exportKey("c1"), fans: 3, parts: 1 })
      const text = yield* textOf(world, exportKey("c1"))
      expect(text.split("\n").slice(1).filter(Boolean).sort()).toEqual(['email,"a,b@x.co",verified', "globalUserId,g1,selected", "memberId,m2,"].sort())
      expect(text.startsWith("idKind,id,verdict\n")).toBe(true)
      expect(result.bytes).toBe(Buffer.byteLength(text))
    }))

  it.effect("writes the header alone for a campaign without verified fans", () =>
    Effect.gen(function* () {
      const world = new MemoryWorld()
      const result = yield* exportVerifiedFans("none").pipe(Effect.provide(world.layer), Logger.withMinimumLogLevel(LogLevel.None))
      expect(result.fans).toBe(0)
      expect(yield* textOf(world, exportKey("none"))).toBe("idKind,id,verdict\n")
    }))
})
