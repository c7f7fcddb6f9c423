import v8 from "node:v8"
import vm from "node:vm"

/** A collector to measure the live heap, not garbage not yet collected. */
const collectGarbage = (): (() => void) => {
  v8.setFlagsFromString("--expose-gc")
  return vm.runInNewContext("gc") as () => void
}

/**
 * Samples the live heap over a run (after a full collection, so garbage not yet collected
 * does not count); `peak` is the highest growth over the start. A full collection costs
 * tens of milliseconds here: sample a few dozen times, not on every call.
 */
export class HeapWatch {
  private readonly gc = collectGarbage()
  private readonly base: number
  peak = 0
  samples = 0

  constructor() {
    this.gc()
    this.base = process.memoryUsage().heapUsed
  }

  sample() {
    this.gc()
    this.samples++
    this.peak = Math.max(this.peak, process.memoryUsage().heapUsed - this.base)
  }
}
