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

let heapKept = false

/**
 * Lets the old generation grow to 1.3 × what the last full collection found live before
 * the next one, instead of V8's own factor (up to 4 ×), once per process. For a process
 * that holds a large, growing, long-lived state — the in-memory world holds the whole
 * demand table — beside much short-lived garbage: measured on the whole in-memory flow,
 * a peak RSS of ~500 MB instead of ~740 MB on 100,000 rows, for more (mostly concurrent)
 * marking. The flag is read at each collection, so setting it at start-up holds.
 */
export const keepHeapNearLive = () => {
  if (heapKept) return
  heapKept = true
  setFlagsFromString("--heap-growing-percent=30")
}
