import { Config, Effect } from "effect"
import type { MissingSetting } from "../../services/errors.js"
import type { ClaimTiming } from "../../services/reportOrder.js"
import { setting } from "../../services/Settings.js"
import { settingNames } from "../../services/settingNames.js"

/**
 * A claim lives VERDICT_CLAIM_SECONDS (20 s; not in SPEC: local runs and tests shorten it);
 * a post starts only with 60% of it left (12 s: the Slack call's 10 s timeout and a
 * margin), and waits out a Retry-After of up to 8 s within it. A reporter that dies holding
 * a claim delays the others by one lease at most: the final post still comes within SPEC
 * §6's 60 s of its counts settling.
 */
export const reportClaimTiming: Effect.Effect<ClaimTiming & { readonly maxRetryAfterSeconds: number }, MissingSetting> = Effect.map(
  setting(settingNames.verdictClaimSeconds, Config.number(settingNames.verdictClaimSeconds).pipe(Config.withDefault(20))),
  (seconds) => ({ leaseMillis: seconds * 1000, postMillis: seconds * 600, maxRetryAfterSeconds: Math.min(8, Math.floor(seconds * 0.4)) })
)
