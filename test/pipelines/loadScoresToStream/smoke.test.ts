import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { MemoryWorld } from "../../../src/local/memory/MemoryWorld.js"
import { loadScoresToStream } from "../../../src/pipelines/loadScoresToStream/loadScoresToStream.js"

const key = "scrubbed/registrants.c1.Tour.20260101T0900.cleaned.prepared.merged.csv"

describe("loadScoresToStream", () => {
  it.effect("turns rows into one fan record per fan and asks for a verdict report", () =>
    Effect.gen(function* () {
      const world = new MemoryWorld()
      world.bucket.objects.set(key, new TextEncoder().encode("id,globalUserId,score,isVerified\ng10,g1,0.5,true\ng11,g1,0.5,true\ng20,g2,0.1,0\n"))
      const result = yield* loadScoresToStream(key).pipe(Effect.provide(world.layer))
      expect(result).toMatchObject({ campaignId: "c1", in: 3, valid: 3, invalid: 0, duplicate: 0, out: 2, failed: 0 })
      expect(world.scoresStream.records().map((r) => r.partitionKey)).toEqual(["g1", "g2"])
      expect(world.verdictQueue.sent).toMatchObject([{ body: { campaignId: "c1", count: 2, source: key }, delaySeconds: 0 }])
    }))
})
