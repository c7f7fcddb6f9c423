import { Schema } from "effect"
import { ScrubbedCheckpoint } from "../loadScoresToStream/ScrubbedCheckpoint.js"
import { FanlistCheckpoint } from "../saveFanlistScores/FanlistResult.js"

export { FanlistCheckpoint } from "../saveFanlistScores/FanlistResult.js"
export { ScrubbedCheckpoint } from "../loadScoresToStream/ScrubbedCheckpoint.js"

/** Where a load that neared its invocation's end goes on, its checkpoint: a scrubbed file's or a fanlist's. */
export const LoadCheckpoint = Schema.Union(ScrubbedCheckpoint, FanlistCheckpoint)
export type LoadCheckpoint = typeof LoadCheckpoint.Type

/** The prefix of the files whose loads a checkpoint of this kind continues. */
export const checkpointPrefix = { ScrubbedCheckpoint: "scrubbed/", FanlistCheckpoint: "fanlist/scored/" } as const

/** The checkpoint when it is of `tag`'s kind; another kind's is not this load's to go on from. */
export const checkpointOf = <T extends LoadCheckpoint["_tag"]>(tag: T, checkpoint: LoadCheckpoint | undefined) =>
  checkpoint?._tag === tag ? (checkpoint as Extract<LoadCheckpoint, { readonly _tag: T }>) : undefined
