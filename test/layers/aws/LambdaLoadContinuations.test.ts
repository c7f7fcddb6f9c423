import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, Layer } from "effect"
import { LambdaLoadContinuationsLive } from "../../../src/layers/aws/LambdaLoadContinuations.js"
import { LoadContinuations } from "../../../src/services/LoadContinuations.js"
import { type InvokeAnswer, lambdaStandIn } from "../../support/lambdaStandIn.js"

/** Continuations: a load's continuation is an asynchronous Invoke of its own function, through the real SDK client over loopback. */

const functionName = "vf-scrubbedFile-Abc123"
const event = { resume: { key: "scrubbed/registrants.c1.T.20261120T0900.cleaned.prepared.merged.csv", checkpoint: { _tag: "ScrubbedCheckpoint", recordsDone: 1000 } } }

/** The client's settings, read through Config: a region, keys for signing, and the stand-in's endpoint (no stand-in of the suite's). */
const settingsOf = (settings: Record<string, string>) =>
  Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries({ AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test", ...settings }))))

const handOnWith = (answers: Array<InvokeAnswer>, settings: Record<string, string> = { AWS_LAMBDA_FUNCTION_NAME: functionName }) =>
  Effect.gen(function* () {
    const lambda = yield* lambdaStandIn(answers)
    const layer = LambdaLoadContinuationsLive.pipe(Layer.provide(settingsOf({ AWS_ENDPOINT_URL_LAMBDA: lambda.endpoint, ...settings })))
    const outcome = yield* Effect.either(Effect.flatMap(LoadContinuations, (continuations) => continuations.handOn(event)).pipe(Effect.provide(layer)))
    return { outcome, calls: lambda.calls }
  })

describe("LambdaLoadContinuations", () => {
  it.scopedLive("invokes its own function asynchronously with the continuation event as the payload", () =>
    Effect.gen(function* () {
      const { outcome, calls } = yield* handOnWith([])
      expect(outcome._tag).toBe("Right")
      expect(calls).toEqual([{ functionName, invocationType: "Event", payload: event }])
    }))

  it.scopedLive("tries again after throttling, a 5xx and a lost reply, with the same payload each time", () =>
    Effect.gen(function* () {
      const { outcome, calls } = yield* handOnWith(["throttled", "serviceError", "reset"])
      expect(outcome._tag).toBe("Right")
      // The SDK's own attempts and ours: at least the four answers given, each the same event (queued twice at most: safe).
      expect(calls.length).toBeGreaterThanOrEqual(4)
      expect(new Set(calls.map((call) => JSON.stringify(call)))).toEqual(new Set([JSON.stringify({ functionName, invocationType: "Event", payload: event })]))
    }), 30_000)

  it.scopedLive("fails with a ContinuationError naming the function when Lambda refuses it, without trying again", () =>
    Effect.gen(function* () {
      const { outcome, calls } = yield* handOnWith(["notFound"])
      expect(outcome).toMatchObject({ _tag: "Left", left: { _tag: "ContinuationError", function: functionName } })
      expect(outcome._tag === "Left" ? outcome.left.message : "").toContain("Function not found")
      expect(calls).toHaveLength(1)
    }))

  it.scopedLive("without AWS_LAMBDA_FUNCTION_NAME, fails the hand-on naming the variable (and the function starts: others may not need it)", () =>
    Effect.gen(function* () {
      const { outcome, calls } = yield* handOnWith([], {})
      expect(outcome).toMatchObject({ _tag: "Left", left: { _tag: "ContinuationError" } })
      expect(outcome._tag === "Left" ? outcome.left.message : "").toContain("setting AWS_LAMBDA_FUNCTION_NAME: required, but not set")
      expect(calls).toEqual([])
    }))
})
