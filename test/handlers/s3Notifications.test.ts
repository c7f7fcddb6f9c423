import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { encodeObjectKey, objectCreatedEvent } from "../../src/lambda/events/s3Event.js"
import { failOnFailedFiles, handleScoringBucketEvent } from "../../src/handlers/scoringBucketHandler.js"
import { MemoryWorld } from "../../src/local/memory/MemoryWorld.js"
import { ScoringBucket } from "../../src/services/ScoringBucket.js"
import { handlerProbe } from "./handlerProbe.js"

type Mutable = Record<string, any>

const csv = "globalUserId,id,score,isVerified\ng1,g1000,0.5,true\ng2,g2000,0.7,false\n"
const key = "scrubbed/registrants.c42.Summer Tour.20261120T0900.cleaned.prepared.merged.csv"

/** The fan records the scores stream received (a load's end-of-file marks left out). */
const fansOn = (world: MemoryWorld) =>
  world.scoresStream.records().filter((record) => (record.data as Record<string, unknown>)["globalUserId"] !== undefined)

/** The world with the scrubbed file in its bucket, a bucket that counts its reads, and the probe. */
const setup = () => {
  const world = new MemoryWorld()
  world.bucket.objects.set(key, new TextEncoder().encode(csv))
  const reads: Array<string> = []
  const bucket = { ...world.bucket.service, readObject: (read: string) => (reads.push(read), world.bucket.service.readObject(read)) }
  const probe = handlerProbe()
  return { world, reads, probe, layer: Layer.mergeAll(world.layer, Layer.succeed(ScoringBucket, bucket), probe.layer) }
}

/** An S3 record as Lambda delivers it, for the scrubbed file, changed by `edit`. */
const recordOf = (edit: (record: Mutable) => void = () => {}) => {
  const record = objectCreatedEvent("vf-scoring", key, csv.length).Records[0] as Mutable
  edit(record)
  return record
}

describe("S3 notifications other than ObjectCreated", () => {
  it.effect("skips S3's s3:TestEvent without reading the bucket, logs it, and does not fail", () => {
    const { reads, probe, layer } = setup()
    const testEvent = {
      Service: "Amazon S3",
      Event: "s3:TestEvent",
      Time: "2026-11-20T09:00:00.000Z",
      Bucket: "vf-scoring",
      RequestId: "5582815E1AEA5ADF",
      HostId: "8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE"
    }
    return Effect.gen(function* () {
      const reply = yield* Effect.flatMap(handleScoringBucketEvent(testEvent), failOnFailedFiles)
      expect(reply).toEqual({ files: [], skipped: 1, unreadable: 0 })
      expect(reads).toEqual([])
      expect(probe.lines.map((line) => [line.level, line.message])).toEqual([["INFO", "S3 s3:TestEvent for bucket vf-scoring skipped"]])
      expect(probe.published).toEqual([["scoringBucket", { skipped: 1, unreadable: 0 }]])
    }).pipe(Effect.provide(layer))
  })

  it.effect("skips records of other events (ObjectRemoved, restores, expirations) without reading the bucket", () => {
    const { world, reads, probe, layer } = setup()
    const names = ["ObjectRemoved:Delete", "ObjectRemoved:DeleteMarkerCreated", "ObjectRestore:Completed", "LifecycleExpiration:Delete", "ObjectTagging:Put"]
    const event = { Records: names.map((eventName) => recordOf((r) => (r.eventName = eventName))) }
    return Effect.gen(function* () {
      const reply = yield* Effect.flatMap(handleScoringBucketEvent(event), failOnFailedFiles)
      expect(reply).toEqual({ files: [], skipped: names.length, unreadable: 0 })
      expect(reads).toEqual([])
      expect(fansOn(world)).toHaveLength(0)
      const warnings = probe.lines.filter((line) => line.level === "WARN")
      expect(warnings.map((line) => line.message)).toEqual(names.map((name) => `S3 record skipped: ${name} is not ObjectCreated:*`))
      expect(warnings[0]!["record"]).toEqual({ eventName: "ObjectRemoved:Delete", bucket: "vf-scoring", key: encodeObjectKey(key) })
    }).pipe(Effect.provide(layer))
  })
})

describe("an S3 notification with records that cannot be read", () => {
  it.effect("processes the new object, counts and logs each bad record, and does not fail the invocation", () => {
    const { world, reads, probe, layer } = setup()
    const malformed: ReadonlyArray<unknown> = [
      null,
      "record",
      {},
      recordOf((r) => delete r.eventName),
      recordOf((r) => (r.eventName = 7)),
      recordOf((r) => delete r.s3.object.key),
      recordOf((r) => delete r.s3.bucket),
      recordOf((r) => (r.s3 = "s3")),
      recordOf((r) => (r.s3.object.key = "scrubbed/%E0%A4%A.csv"))
    ]
    return Effect.gen(function* () {
      const reply = yield* Effect.flatMap(handleScoringBucketEvent({ Records: [...malformed, recordOf()] }), failOnFailedFiles)
      expect(reply.unreadable).toBe(malformed.length)
      expect(reply.skipped).toBe(0)
      expect(reply.files).toMatchObject([{ key, worker: "loadScoresToStream", result: { in: 2, out: 2 } }])
      expect(reads).toEqual([key])
      expect(fansOn(world)).toHaveLength(2)
      const where = probe.unreadable()
      expect(where.map((w) => w["index"])).toEqual(malformed.map((_, i) => i))
      expect(where[5]).toMatchObject({ eventName: "ObjectCreated:Put", bucket: "vf-scoring" })
      expect(where[8]).toMatchObject({ key: "scrubbed/%E0%A4%A.csv" })
      expect(probe.lines.find((line) => line.message.includes("%E0%A4%A"))?.message).toBe(
        'S3 record unreadable, skipped: object key "scrubbed/%E0%A4%A.csv" is not valid URL encoding'
      )
      expect(probe.published).toContainEqual(["scoringBucket", { skipped: 0, unreadable: malformed.length }])
    }).pipe(Effect.provide(layer))
  })

  it.effect("answers an event that is not an S3 notification with nothing done, counted as one unreadable", () => {
    const { reads, layer } = setup()
    return Effect.gen(function* () {
      for (const event of [null, "event", { Event: "s3:TestEvent", Records: "x" }, { detail: { bucket: { name: "vf-scoring" } } }]) {
        expect(yield* Effect.flatMap(handleScoringBucketEvent(event), failOnFailedFiles)).toEqual({ files: [], skipped: 0, unreadable: 1 })
      }
      expect(reads).toEqual([])
    }).pipe(Effect.provide(layer))
  })
})
