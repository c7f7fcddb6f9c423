import { describe, expect, it } from "@effect/vitest"
import { Effect, Either } from "effect"
import { MemoryScoringBucket } from "../../../src/local/memory/MemoryScoringBucket.js"
import { ErrorList } from "../../../src/pipelines/rows/errorList.js"
import { RejectedLines } from "../../../src/pipelines/quality/RejectedLines.js"
import { type InvalidReasons, rejectsKey, writeRejectsFile } from "../../../src/pipelines/quality/rejectsFile.js"
import { ScoringBucket } from "../../../src/services/ScoringBucket.js"

const key = "fanlist/scored/c1/20261201.csv"
const file = [
  "\uFEFFglobalUserId,score,note",
  "g1,0.5,plain",
  'g2,abc,"a, quoted ""note""',
  "with a line break\"",
  "g3,0.7,",
  "g1,0.9,again",
  "g4,0.1"
].join("\r\n")

/** A row is invalid when its score is not a number (the test's own rule). */
const reasons: InvalidReasons = () => (record) => (Number.isNaN(Number(record.fields[1])) ? `score: not a number, got "${record.fields[1]}"` : undefined)

const write = (bucket: MemoryScoringBucket, rejected: RejectedLines, errors = new ErrorList()) =>
  writeRejectsFile(key, rejected, errors, reasons).pipe(Effect.provideService(ScoringBucket, bucket.service))

describe("the rejects file (SPEC §12)", () => {
  it.effect("has the header line,reason,<the file's columns>, then each refused row in line order with its own fields, quoted as needed", () =>
    Effect.gen(function* () {
      const bucket = new MemoryScoringBucket()
      bucket.objects.set(key, new TextEncoder().encode(file))
      const rejected = new RejectedLines()
      rejected.mark(7, "expected 3 fields, found 2") // the load's own reason, kept in its first errors
      rejected.mark(2, "duplicate") // an earlier row that lost to a later one: marked after it
      rejected.mark(3, 'score: not a number, got "abc"')
      const errors = new ErrorList()
      errors.add(7, "expected 3 fields, found 2")
      const written = yield* write(bucket, rejected, errors)
      expect(written).toEqual({ key: rejectsKey(key), rows: 3 })
      expect(rejectsKey(key)).toBe("rejects/fanlist/scored/c1/20261201.csv.csv")
      expect(new TextDecoder().decode(bucket.objects.get(rejectsKey(key)))).toBe(
        [
          "line,reason,globalUserId,score,note",
          "2,duplicate,g1,0.5,plain",
          '3,"score: not a number, got ""abc""",g2,abc,"a, quoted ""note""\r\nwith a line break"',
          "7,\"expected 3 fields, found 2\",g4,0.1",
          ""
        ].join("\n")
      )
    }))

  it.effect("fails and keeps nothing when the object no longer holds the refused lines (replaced meanwhile)", () =>
    Effect.gen(function* () {
      const bucket = new MemoryScoringBucket()
      bucket.objects.set(key, new TextEncoder().encode("globalUserId,score\ng1,0.5\n"))
      const rejected = new RejectedLines()
      rejected.mark(40, "duplicate")
      const failed = yield* Effect.either(write(bucket, rejected))
      expect(Either.isLeft(failed) && failed.left.message).toContain("changed while its rejects were written: 0 of 1 refused rows found")
      expect(bucket.objects.has(rejectsKey(key))).toBe(false)
    }))
})
