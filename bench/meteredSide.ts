import { Effect } from "effect"
import { counterBatchSize } from "../src/pipelines/processSavedScores/countingPlan.js"
import { isCountedRecord } from "../src/local/cli/flow/fanChangesOnly.js"
import type { FlowSide } from "../src/local/cli/flow/FlowSide.js"
import type { LambdaFunction, UsageMeter } from "./awsCost.js"
import { cpuNow, meteredServices } from "./meteredServices.js"

/**
 * CPU time split into the runner's phases, as the handler that runs: the runner polls each
 * source in turn and runs its consumers before the next. The load runs beside them, so what
 * falls between the consumers' phases is the loader's (pricing.ts gives it the rest of the run).
 */
class CpuPhases {
  private phase: LambdaFunction | "scores" = "scrubbedFile"
  private started = cpuNow()
  private metering = 0
  private lastTableCall = this.started

  constructor(private readonly meter: UsageMeter) {}

  /** A table call: within the scores phase, the consumers' time up to here is loadScoresToDynamoDB's. */
  readonly mark = () => {
    if (this.phase === "scores") this.lastTableCall = cpuNow()
  }

  enter(next: LambdaFunction | "scores") {
    const now = cpuNow()
    const metering = this.meter.meteringCpuSeconds - this.metering
    const cpu = this.meter.cpuSeconds
    if (this.phase === "scores") {
      const split = Math.max(this.started, Math.min(this.lastTableCall, now))
      cpu.scoresToDynamoDB += Math.max(0, split - this.started - metering)
      cpu.entryScoring += now - split
    } else if (this.phase !== "scrubbedFile") cpu[this.phase] += Math.max(0, now - this.started - metering)
    ;[this.phase, this.started, this.metering] = [next, now, this.meter.meteringCpuSeconds]
  }
}

/** Batch sizes of the stack's event source mappings (infra/stack/triggers.ts): a poll's records make this many invocations. */
const batches = (records: number, batchSize: number) => Math.ceil(records / batchSize)

/** The side with metered services, and its event sources counted as Lambda's mappings would invoke the functions. */
export const meteredSide = (side: FlowSide, meter: UsageMeter): FlowSide => {
  const cpu = new CpuPhases(meter)
  const after = <A, E>(poll: Effect.Effect<A, E>, then: (a: A) => void) =>
    Effect.tap(Effect.zipRight(Effect.sync(() => cpu.enter("scrubbedFile")), poll), (a) => Effect.sync(() => then(a)))
  return {
    ...side,
    services: meteredServices(side.services, meter, cpu.mark),
    scoresStream: {
      ...side.scoresStream,
      poll: after(side.scoresStream.poll, (records) => {
        if (records.length === 0) return
        meter.invocations.scoresToDynamoDB += batches(records.length, 500)
        meter.invocations.entryScoring += batches(records.length, 500)
        cpu.enter("scores")
      })
    },
    tableStream: {
      ...side.tableStream,
      poll: after(side.tableStream.poll, (records) => {
        meter.tableStreamRecords += records.length
        const counted = records.filter(isCountedRecord).length
        if (counted === 0) return
        meter.invocations.savedScores += batches(counted, counterBatchSize)
        cpu.enter("savedScores")
      })
    },
    verdicts: {
      ...side.verdicts,
      receive: after(side.verdicts.receive, (batch) => {
        if (batch.length === 0) return
        meter.sqs.receive++
        meter.invocations.verdictReporter++
        cpu.enter("verdictReporter")
      }),
      settle: (batch, failed) =>
        Effect.tap(side.verdicts.settle(batch, failed), () => {
          if (batch.length > failed.size) meter.sqs.delete++
          cpu.enter("scrubbedFile")
        })
    },
    endState: Effect.zipRight(Effect.sync(() => cpu.enter("scrubbedFile")), side.endState)
  }
}
