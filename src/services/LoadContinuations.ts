import { Context, type Effect } from "effect"
import type { ContinuationError } from "./errors.js"

/**
 * Where a load that neared its invocation's end hands the rest of it, its continuation: on
 * Lambda, an asynchronous invocation of its own function with the continuation event (a
 * JSON object: `{ resume: { key, version?, checkpoint } }`); in the runner, the next
 * invocation it runs. Handing one on twice is safe: a continuation run twice puts its
 * records again (at least once) and counts nothing twice.
 */
export class LoadContinuations extends Context.Tag("vf/LoadContinuations")<
  LoadContinuations,
  {
    readonly handOn: (event: object) => Effect.Effect<void, ContinuationError>
  }
>() {}
