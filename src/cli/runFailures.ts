import { count as number, plural } from "./format.js"
import type { RunEntry } from "./RunReport.js"
import type { GivenUp } from "./streamDelivery.js"

/** What a run did not get through: stream records its mappings gave up on, and verdict messages dead-lettered. */
export interface RunFailures {
  readonly givenUp: ReadonlyArray<GivenUp>
  readonly deadLetters: number
  /** The command that repairs what the failures may have left short. */
  readonly reconcile: ReadonlyArray<string>
}

/** The campaigns of the run's files, in run order. */
const campaignsOf = (files: ReadonlyArray<RunEntry>) => {
  const campaignOf = (file: RunEntry) => ("result" in file ? (file.result as { readonly campaignId?: unknown }).campaignId : undefined)
  return [...new Set(files.flatMap((file) => { const id = campaignOf(file); return typeof id === "string" ? [id] : [] }))]
}

/** The failures of a run, or none when everything went through. */
export const runFailures = (files: ReadonlyArray<RunEntry>, givenUp: ReadonlyArray<GivenUp>, deadLetters: number): RunFailures | undefined =>
  givenUp.length === 0 && deadLetters === 0
    ? undefined
    : { givenUp, deadLetters, reconcile: campaignsOf(files).map((campaignId) => `vf-workers reconcile ${campaignId}`) }

const range = (failure: GivenUp) =>
  `${failure.shardId === undefined ? "" : `${failure.shardId} `}${failure.firstSequenceNumber}…${failure.lastSequenceNumber}`

/** The report's lines for a person: each batch given up, the dead letters, and what to run. */
export const failureLines = (failures: RunFailures | undefined): Array<string> => {
  if (failures === undefined) return []
  return [
    "NOT APPLIED (as the on-failure queues would hold it):",
    ...failures.givenUp.map(
      (failure) => `  ${failure.consumer} ← ${failure.source}: ${plural(failure.records, "record")} ${range(failure)}: ${failure.reason}`
    ),
    ...(failures.deadLetters === 0 ? [] : [`  verdict queue: ${number(failures.deadLetters)} message(s) in the dead-letter queue`]),
    `  the counts may be short; once the flow is quiet, run: ${failures.reconcile.join("; ") || "vf-workers reconcile <campaignId>"}`,
    ""
  ]
}
