import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { inject } from "vitest"
import { SqsVerdictQueueLive } from "../../../src/layers/aws/SqsVerdictQueue.js"
import { VerdictQueue } from "../../../src/services/VerdictQueue.js"
import { awsTestConfig } from "../../support/awsTestConfig.js"

const endpoints = inject("awsEndpoints")

/** What the verdict queue's contract (SqsVerdictQueueContract.test.ts) leaves out: the layer's setting. */
describe("SqsVerdictQueue", () => {
  it.live("fails to start without VERDICT_QUEUE_URL, naming the variable", () =>
    Effect.gen(function* () {
      const layer = SqsVerdictQueueLive.pipe(Layer.provide(awsTestConfig({ AWS_ENDPOINT_URL: endpoints.sqs })))
      const error = yield* Effect.flip(Effect.provide(VerdictQueue, layer))
      expect(error).toMatchObject({ _tag: "MissingSetting", variable: "VERDICT_QUEUE_URL" })
      expect(error.message).toContain("VERDICT_QUEUE_URL")
    }))
})
