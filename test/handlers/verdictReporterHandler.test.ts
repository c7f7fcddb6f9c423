import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { readQueueMessage, sqsEventOf } from "../../src/lambda/events/sqsEvent.js"
import { consumeEvent } from "../../src/lambda/streamConsumer.js"
import type { QueueMessageIn } from "../../src/pipelines/verdictReporter/VerdictReporterResult.js"
import { handlerProbe } from "./handlerProbe.js"

const queueArn = "arn:aws:sqs:us-east-1:000000000000:vf-verdicts"
const body = (count: number) => JSON.stringify({ campaignId: "c1", count, source: "scrubbed/a.csv" })

/** Every shape of an SQS record that cannot be read. */
const malformed: ReadonlyArray<unknown> = [
  { body: body(99), eventSourceARN: queueArn },
  { messageId: "m-no-body", eventSourceARN: queueArn },
  { messageId: "m-number-body", body: 99 },
  { messageId: "", body: body(99) },
  { messageId: 7, body: body(99) },
  null,
  "message"
]

/**
 * The verdict queue's consumer as verdictReporterHandler builds it, on a reporter that
 * keeps the messages it is given (the reporter's own tests cover how it drops a body
 * that is not a verdict message) and hands back those of `failing`.
 */
const recordingReporter = (failing: ReadonlyArray<string> = []) => {
  const seen: Array<QueueMessageIn> = []
  const handle = consumeEvent("verdictReporter", "SQS", readQueueMessage, (messages) =>
    Effect.sync(() => {
      seen.push(...messages)
      return { result: { input: messages.length }, retry: messages.map((m) => m.messageId).filter((id) => failing.includes(id)) }
    })
  )
  return { seen, handle }
}

describe("an SQS batch with records that cannot be read", () => {
  it.effect("hands every readable message (bodies as they came) to the reporter, counts and logs each bad record, and hands none back", () => {
    const probe = handlerProbe()
    const reporter = recordingReporter()
    const good = sqsEventOf(queueArn, [
      { messageId: "m-good", body: body(3) },
      { messageId: "m-not-json", body: "{ not json" },
      { messageId: "m-empty", body: "" }
    ]).Records
    return Effect.gen(function* () {
      const { reply, result, unreadable } = yield* reporter.handle({ Records: [good[0], ...malformed, ...good.slice(1)] })
      expect(reply).toEqual({ batchItemFailures: [] })
      expect(unreadable).toBe(malformed.length)
      expect(result).toEqual({ input: 3 })
      expect(reporter.seen).toEqual([
        { messageId: "m-good", body: body(3) },
        { messageId: "m-not-json", body: "{ not json" },
        { messageId: "m-empty", body: "" }
      ])
      expect(probe.published).toEqual([["verdictReporter", { input: 3, unreadable: malformed.length }]])
      const where = probe.unreadable()
      expect(where.map((w) => w["index"])).toEqual(malformed.map((_, i) => i + 1))
      expect(where[0]).toEqual({ index: 1, eventSourceARN: queueArn })
      expect(where[1]).toEqual({ index: 2, messageId: "m-no-body", eventSourceARN: queueArn })
      expect(probe.lines[0]!.message).toBe("SQS record unreadable, skipped: messageId: is missing")
    }).pipe(Effect.provide(probe.layer))
  })

  it.effect("still hands back a message whose report failed, by its messageId", () => {
    const reporter = recordingReporter(["m2"])
    const event = sqsEventOf(queueArn, [{ messageId: "m1", body: body(1) }, { messageId: "m2", body: body(2) }])
    return Effect.gen(function* () {
      const { reply, unreadable } = yield* reporter.handle({ Records: [...event.Records, { receiptHandle: "h" }] })
      expect([reply, unreadable]).toEqual([{ batchItemFailures: [{ itemIdentifier: "m2" }] }, 1])
    }).pipe(Effect.provide(handlerProbe().layer))
  })

  it.effect("answers an event that is not an SQS event with no failures, counted as one unreadable", () => {
    const reporter = recordingReporter()
    return Effect.gen(function* () {
      const { reply, result, unreadable } = yield* reporter.handle({ Messages: [{ MessageId: "m1", Body: body(1) }] })
      expect([reply, result, unreadable]).toEqual([{ batchItemFailures: [] }, { input: 0 }, 1])
      expect(reporter.seen).toEqual([])
    }).pipe(Effect.provide(handlerProbe().layer))
  })
})
