import { Effect } from "effect"
import { KeyPatternMismatch } from "../../services/errors.js"

export const fanlistKeyPattern = "fanlist/scored/<campaignId>/<timestamp>.csv"

const fanlistKey = /^fanlist\/scored\/([^/]+)\/([^/]+)\.csv$/

/** The campaign of a scored fanlist from its key; a key out of pattern is an error. */
export const parseFanlistKey = (key: string): Effect.Effect<{ readonly campaignId: string; readonly timestamp: string }, KeyPatternMismatch> => {
  const match = fanlistKey.exec(key)
  return match
    ? Effect.succeed({ campaignId: match[1]!, timestamp: match[2]! })
    : Effect.fail(new KeyPatternMismatch({ key, pattern: fanlistKeyPattern }))
}
