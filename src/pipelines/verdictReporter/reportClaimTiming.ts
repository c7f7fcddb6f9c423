import { Effect } from "effect"

/**
 * A claim lives 20 s; a post starts only with 12 s of it left (the Slack call's 10 s
 * timeout and a margin), and waits out a Retry-After of up to 8 s within it. A reporter
 * that dies holding a claim delays the others by 20 s at most: the final post still comes
 * within SPEC §6's 60 s of its counts settling.
 */
export const reportClaimTiming = {
  leaseMillis: Effect.succeed(20_000),
  postMillis: Effect.succeed(12_000),
  maxRetryAfterSeconds: Effect.succeed(8)
}
