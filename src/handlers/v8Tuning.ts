import { setFlagsFromString } from "node:v8"

let tuned = false

/**
 * Turns V8's allocation-site pretenuring off, once per process, before any work. The
 * streaming workers hold each chunk's rows and each batch's records for a few
 * milliseconds; V8 takes that for long life, allocates whole kinds of objects straight
 * into the old generation, and then pays full collections for garbage: measured here
 * as a run-to-run swing of up to 20% in loadScoresToStream (docs/BENCHMARKS.md). With
 * pretenuring off, short-lived objects stay in the young generation where they are
 * cheap. (Node takes V8 flags on its command line only, which Lambda does not give;
 * this flag is read by the collector as it runs, so setting it at start-up holds.)
 */
export const preferYoungGeneration = () => {
  if (tuned) return
  tuned = true
  setFlagsFromString("--no-allocation-site-pretenuring")
}
