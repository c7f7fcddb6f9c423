import { describe, expect, it } from "@effect/vitest"
import { Effect, Either, Layer } from "effect"
import { failOnFailedFiles, handleScoringBucketEvent, handler } from "../../src/handlers/scoringBucketHandler.js"
import { decodeObjectKey, encodeObjectKey, objectCreatedEvent } from "../../src/lambda/events/s3Event.js"
import { MemoryWorld } from "../../src/local/memory/MemoryWorld.js"
import { type MetricCounts, WorkerMetrics } from "../../src/layers/observability/WorkerMetrics.js"

const csv = "globalUserId,id,score,isVerified\ng1,g1000,0.5,true\ng2,g2000,0.7,false\n"
const key = "scrubbed/registrants.c42.Summer Tour, Vol 2.20261120T0900.cleaned.prepared.merged.csv"

/** The fan records the scores stream received (a load's end-of-file marks left out). */
const fansOn = (world: MemoryWorld) =>
  world.scoresStream.records().filter((record) => (record.data as Record<string, unknown>)["globalUserId"] !== undefined)

const setup = () => {
  const world = new MemoryWorld()
  world.bucket.objects.set(key, new TextEncoder().encode(csv))
  const published: Array<[string, MetricCounts]> = []
  const metrics = Layer.succeed(WorkerMetrics, { publish: (w, c) => Effect.sync(() => void published.push([w, c])) })
  return { world, published, layer: Layer.merge(world.layer, metrics) }
}

/** The S3 notification as Lambda delivers it, with the key written by S3 itself. */
const s3Event = (encodedKey: string, bucket = "vf-scoring") => {
  const event = objectCreatedEvent(bucket, "x", 10)
  event.Records[0]!.s3.object.key = encodedKey
  return event
}

describe("S3 keys", () => {
  it("decodes `+` as a space and percent escapes", () => {
    expect(decodeObjectKey("scrubbed/a+b%2Cc%2Bd.csv")).toEqual(Either.right("scrubbed/a b,c+d.csv"))
  })
  it("refuses broken percent encoding with a clear reason", () => {
    expect(decodeObjectKey("scrubbed/%E0%A4%A.csv")).toEqual(Either.left('object key "scrubbed/%E0%A4%A.csv" is not valid URL encoding'))
  })
  it("encodes as S3 does, and decodes back", () => {
    expect(encodeObjectKey(key)).toBe("scrubbed/registrants.c42.Summer+Tour%2C+Vol+2.20261120T0900.cleaned.prepared.merged.csv")
    expect(decodeObjectKey(encodeObjectKey(key))).toEqual(Either.right(key))
  })
})

describe("handleScoringBucketEvent", () => {
  it.effect("runs loadScoresToStream on a scrubbed file named by an encoded key, and publishes its counts", () => {
    const { world, published, layer } = setup()
    const event = s3Event("scrubbed/registrants.c42.Summer+Tour%2C+Vol+2.20261120T0900.cleaned.prepared.merged.csv")
    return Effect.gen(function* () {
      const reply = yield* handleScoringBucketEvent(event)
      expect(reply.files).toHaveLength(1)
      expect(reply.files[0]).toMatchObject({ key, worker: "loadScoresToStream", result: { campaignId: "c42", in: 2, out: 2 } })
      expect(fansOn(world)).toHaveLength(2)
      expect(world.verdictQueue.sent[0]!.body).toMatchObject({ campaignId: "c42", count: 2, source: key })
      expect(published).toEqual([["loadScoresToStream", { in: 2, valid: 2, invalid: 0, duplicate: 0, out: 2, failed: 0, InvalidShare: 0, StreamRecordsSent: 2, StreamRecordsAccepted: 2, LoadInvocation: 1 }]])
    }).pipe(Effect.provide(layer))
  })

  it.effect("routes fanlists to saveFanlistScores, skips other prefixes, and reports keys out of pattern", () => {
    const { world, layer } = setup()
    world.bucket.objects.set("fanlist/scored/c42/20261120.csv", new TextEncoder().encode("memberId,score\nm1,0.5\n"))
    const event = {
      Records: [
        ...s3Event("reports/summary.csv").Records,
        ...s3Event("fanlist/scored/c42/20261120.csv").Records,
        ...s3Event("fanlist/scored/20261120.csv").Records,
        ...s3Event("scrubbed/notes.csv").Records
      ]
    }
    return Effect.gen(function* () {
      const { files } = yield* handleScoringBucketEvent(event)
      expect(files.map((f) => ("skipped" in f ? "skipped" : "error" in f ? "error" : f.worker))).toEqual([
        "skipped",
        "saveFanlistScores",
        "error",
        "error"
      ])
      expect(files[1]).toMatchObject({ result: { campaignId: "c42", dynamo: { out: 1 } } })
      expect((files[2] as { error: string }).error).toContain("does not match fanlist/scored/<campaignId>/<timestamp>.csv")
      expect(files[3]).toMatchObject({ key: "scrubbed/notes.csv", worker: "loadScoresToStream" })
      expect((files[3] as { error: string }).error).toContain("does not match scrubbed/registrants.<campaignId>")
      expect(fansOn(world)).toHaveLength(0)
      expect(world.campaignDataStream.records()).toMatchObject([{ partitionKey: "m1", data: { memberId: "m1", score: 0.5, isVerified: true } }])
      expect(world.verdictQueue.sent.map((m) => m.body)).toMatchObject([{ campaignId: "c42", count: 1, source: "fanlist/scored/c42/20261120.csv" }])
    }).pipe(Effect.provide(layer))
  })

  it.effect("refuses an event for another bucket and goes on with the next record", () => {
    const { world, layer } = setup()
    const encoded = encodeObjectKey(key)
    const event = { Records: [...s3Event(encoded, "someone-elses-bucket").Records, ...s3Event(encoded).Records] }
    return Effect.gen(function* () {
      const { files } = yield* handleScoringBucketEvent(event)
      expect((files[0] as { error: string }).error).toContain("someone-elses-bucket")
      expect(files[1]).toMatchObject({ worker: "loadScoresToStream", result: { out: 2 } })
      expect(fansOn(world)).toHaveLength(2)
    }).pipe(Effect.provide(layer))
  })

  it.effect("reports a missing object as that file's error", () => {
    const { layer } = setup()
    return Effect.gen(function* () {
      const { files } = yield* handleScoringBucketEvent(s3Event("scrubbed/registrants.c1.X.20260101.cleaned.prepared.merged.csv"))
      expect((files[0] as { error: string }).error).toBe(
        "s3://vf-scoring/scrubbed/registrants.c1.X.20260101.cleaned.prepared.merged.csv: no such object"
      )
    }).pipe(Effect.provide(layer))
  })

  it.effect("counts a record that is not an S3 notification's as unreadable, without failing", () => {
    const { layer } = setup()
    return Effect.gen(function* () {
      const reply = yield* handleScoringBucketEvent({ Records: [{ s3: { bucket: {} } }] })
      expect(reply).toEqual({ files: [], skipped: 0, unreadable: 1 })
      expect(yield* failOnFailedFiles(reply)).toBe(reply)
    }).pipe(Effect.provide(layer))
  })
})

describe("the Lambda handler", () => {
  it("fails at start-up with one line naming a missing required setting", async () => {
    const saved = process.env.VERDICT_QUEUE_URL
    delete process.env.VERDICT_QUEUE_URL
    const lines: Array<string> = []
    const write = process.stdout.write
    process.stdout.write = ((line: string) => (lines.push(line), true)) as typeof process.stdout.write
    try {
      await expect(handler(s3Event(encodeObjectKey(key)))).rejects.toThrow(/VERDICT_QUEUE_URL/)
    } finally {
      process.stdout.write = write
      if (saved !== undefined) process.env.VERDICT_QUEUE_URL = saved
    }
    const logged = lines.map((line) => JSON.parse(line) as { level: string; message: string })
    expect(logged).toHaveLength(1)
    expect(logged[0]!.message).toMatch(/VERDICT_QUEUE_URL/)
  })
})
