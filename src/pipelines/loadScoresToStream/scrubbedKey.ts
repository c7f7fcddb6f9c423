import { Effect } from "effect"
import { KeyPatternMismatch } from "../../services/errors.js"

export const scrubbedKeyPattern = "scrubbed/registrants.<campaignId>.<campaignName>.<dateTime>.cleaned.prepared.merged.csv"

const scrubbedKey = /^scrubbed\/registrants\.([^./]+)\.([^/]+)\.([^./]+)\.cleaned\.prepared\.merged\.csv$/

export interface ScrubbedKey {
  readonly campaignId: string
  readonly campaignName: string
  readonly dateTime: string
}

/** Reads the campaign from a scrubbed file's key; a key out of pattern is an error. */
export const parseScrubbedKey = (key: string): Effect.Effect<ScrubbedKey, KeyPatternMismatch> => {
  const match = scrubbedKey.exec(key)
  return match
    ? Effect.succeed({ campaignId: match[1]!, campaignName: match[2]!, dateTime: match[3]! })
    : Effect.fail(new KeyPatternMismatch({ key, pattern: scrubbedKeyPattern }))
}
