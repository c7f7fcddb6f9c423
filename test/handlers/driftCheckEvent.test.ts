import { describe, expect, it } from "@effect/vitest"
import { Effect, Either } from "effect"
import { driftCheckRequestOf } from "../../src/lambda/events/driftCheckEvent.js"

/** What the drift check is invoked with: its schedule's `{}` (or EventBridge's envelope), or fields given by hand. */
describe("the drift check's event", () => {
  it.effect("reads the schedule's {}, an EventBridge envelope (its own fields ignored) and nothing as a check of the last day", () =>
    Effect.gen(function* () {
      expect(yield* driftCheckRequestOf({})).toEqual({})
      expect(yield* driftCheckRequestOf(undefined)).toEqual({})
      const envelope = { version: "0", id: "e1", "detail-type": "Scheduled Event", source: "aws.events", time: "2026-12-07T06:00:00Z", detail: {} }
      expect(yield* driftCheckRequestOf(envelope)).toEqual({})
    }))

  it.effect("reads the fields given by hand", () =>
    Effect.gen(function* () {
      expect(yield* driftCheckRequestOf({ campaigns: ["c1", "c2"], hours: 48, repair: true })).toEqual({ campaigns: ["c1", "c2"], hours: 48, repair: true })
    }))

  it.effect("refuses a wrong field, naming it", () =>
    Effect.gen(function* () {
      for (const [event, field] of [
        [{ hours: -1 }, "hours"],
        [{ campaigns: "c1" }, "campaigns"],
        [{ campaigns: [""] }, "campaigns"],
        [{ repair: "yes" }, "repair"]
      ] as const) {
        const result = yield* Effect.either(driftCheckRequestOf(event))
        expect(Either.isLeft(result)).toBe(true)
        if (Either.isLeft(result)) {
          expect(result.left._tag).toBe("DriftCheckEventError")
          expect(result.left.message).toMatch(/^not a drift check event: /)
          expect(result.left.message).toContain(field)
        }
      }
    }))
})
