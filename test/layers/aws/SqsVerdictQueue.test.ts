import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { inject } from "vitest"
import { SqsVerdictQueueLive } from "../../../src/layers/aws/SqsVerdictQueue.js"
import { VerdictQueue } from "../../../src/services/VerdictQueue.js"
import { testSqsClient } from "../../support/awsTestClients.js"
import { awsTestConfig, uniqueName } from "../../support/awsTestConfig.js"
import { awaitBodies, createQueue, receiveBodies } from "../../support/sqsTestQueue.js"

const endpoints = inject("awsEndpoints")

/** A fresh queue, and the verdict queue layer pointed at it. */
const queueUnderTest = Effect.gen(function* () {
  const client = yield* testSqsClient(endpoints.sqs)
  const queueUrl = yield* createQueue(client, uniqueName("verdicts"))
  const layer = SqsVerdictQueueLive.pipe(
    Layer.provide(awsTestConfig({ AWS_ENDPOINT_URL: endpoints.sqs, VERDICT_QUEUE_URL: queueUrl }))
  )
  return { client, queueUrl, layer }
})

describe("SqsVerdictQueue", () => {
  it.scopedLive("sends the message as its JSON body", () =>
    Effect.gen(function* () {
      const { client, queueUrl, layer } = yield* queueUnderTest
      const message = { campaignId: "c7", count: 3, source: "scrubbed/registrants.c7.Tour.20261120T0900.cleaned.prepared.merged.csv" }
      yield* Effect.provide(Effect.flatMap(VerdictQueue, (queue) => queue.send(message)), layer)
      const bodies = yield* receiveBodies(client, queueUrl)
      expect(bodies.map((body) => JSON.parse(body))).toEqual([message])
    }))

  it.scopedLive("holds a message back for its delaySeconds", () =>
    Effect.gen(function* () {
      const { client, queueUrl, layer } = yield* queueUnderTest
      const message = { campaignId: "c7", count: 3, lastSeen: 3, attempt: 1 }
      yield* Effect.provide(Effect.flatMap(VerdictQueue, (queue) => queue.send(message, 1)), layer)
      expect(yield* receiveBodies(client, queueUrl)).toEqual([])
      yield* Effect.sleep("500 millis")
      expect(yield* receiveBodies(client, queueUrl)).toEqual([])
      const start = Date.now()
      const bodies = yield* awaitBodies(client, queueUrl)
      expect(bodies.map((body) => JSON.parse(body))).toEqual([message])
      expect(Date.now() - start).toBeLessThan(1_500)
    }))

  it.live("fails to start without VERDICT_QUEUE_URL, naming the variable", () =>
    Effect.gen(function* () {
      const layer = SqsVerdictQueueLive.pipe(Layer.provide(awsTestConfig({ AWS_ENDPOINT_URL: endpoints.sqs })))
      const error = yield* Effect.flip(Effect.provide(VerdictQueue, layer))
      expect(error).toMatchObject({ _tag: "MissingSetting", variable: "VERDICT_QUEUE_URL" })
      expect(error.message).toContain("VERDICT_QUEUE_URL")
    }))
})
