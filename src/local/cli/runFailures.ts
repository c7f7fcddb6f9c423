import { count as number, plural } from "./format.js"
import type { RunEntry } from "./RunReport.js"
import type { GivenUp } from "./streamDelivery.js"

/** A file the run could not load whole (its loader failed on it, or it has no loader), and why. */
export interface NotLoaded {
  readonly key: string
  readonly worker: string
  readonly reason: string
}

/** What a run did not get through: files not loaded, stream records its mappings gave up on, and verdict messages dead-lettered. */
export interface RunFailures {
  readonly notLoaded: ReadonlyArray<NotLoaded>
  readonly givenUp: ReadonlyArray<GivenUp>
  readonly deadLetters: number
  /** The command that repairs what the given-up records and dead letters may have left short. */
  readonly reconcile: ReadonlyArray<string>
}

/** The campaigns of the run's files, in run order. */
const campaignsOf = (files: ReadonlyArray<RunEntry>) => {
  const campaignOf = (file: RunEntry) => ("result" in file ? (file.result as { readonly campaignId?: unknown }).campaignId : undefined)
  return [...new Set(files.flatMap((file) => { const id = campaignOf(file); return typeof id === "string" ? [id] : [] }))]
}

/** The files of the run that did not load: a loader's failure, or a key no loader takes. */
export const notLoadedFiles = (files: ReadonlyArray<RunEntry>): Array<NotLoaded> =>
  files.flatMap((file) =>
    "error" in file ? [{ key: file.key, worker: file.worker, reason: file.error }] : "skipped" in file ? [{ key: file.key, worker: file.worker, reason: `skipped: ${file.skipped}` }] : []
  )

/** The failures of a run, or none when every file loaded and everything went through. */
export const runFailures = (files: ReadonlyArray<RunEntry>, givenUp: ReadonlyArray<GivenUp>, deadLetters: number): RunFailures | undefined => {
  const notLoaded = notLoadedFiles(files)
  if (notLoaded.length === 0 && givenUp.length === 0 && deadLetters === 0) return undefined
  const reconcile = givenUp.length === 0 && deadLetters === 0 ? [] : campaignsOf(files).map((campaignId) => `vf-workers reconcile ${campaignId}`)
  return { notLoaded, givenUp, deadLetters, reconcile }
}

const range = (failure: GivenUp) =>
  `${failure.shardId === undefined ? "" : `${failure.shardId} `}${failure.firstSequenceNumber}…${failure.lastSequenceNumber}`

/** The reason without the key it may start with (the line names the file already). */
const reasonOf = (file: NotLoaded) => (file.reason.startsWith(`${file.key}: `) ? file.reason.slice(file.key.length + 2) : file.reason)

const notLoadedLines = (notLoaded: ReadonlyArray<NotLoaded>) =>
  notLoaded.length === 0 ? [] : ["NOT LOADED:", ...notLoaded.map((file) => `  ${file.key}: ${file.worker === "none" ? "" : `${file.worker}: `}${reasonOf(file)}`), ""]

const notAppliedLines = (failures: RunFailures) =>
  failures.givenUp.length === 0 && failures.deadLetters === 0
    ? []
    : [
        "NOT APPLIED (as the on-failure destinations would keep it):",
        ...failures.givenUp.map(
          (failure) => `  ${failure.consumer} ← ${failure.source}: ${plural(failure.records, "record")} ${range(failure)}: ${failure.reason}`
        ),
        ...(failures.deadLetters === 0 ? [] : [`  verdict queue: ${number(failures.deadLetters)} message(s) in the dead-letter queue`]),
        `  the counts may be short; once the flow is quiet, run: ${failures.reconcile.join("; ") || "vf-workers reconcile <campaignId>"}`,
        ""
      ]

/** The report's lines for a person: each file not loaded, each batch given up, the dead letters, and what to run. */
export const failureLines = (failures: RunFailures | undefined): Array<string> =>
  failures === undefined ? [] : [...notLoadedLines(failures.notLoaded), ...notAppliedLines(failures)]

/** Why the run exits 1, in one line (after `vf-workers run: `). */
export const failureSummary = (failures: RunFailures, files: number): string => {
  const parts: Array<string> = []
  if (failures.notLoaded.length > 0) {
    parts.push(`${failures.notLoaded.length} of ${plural(files, "file")} not loaded (${failures.notLoaded.map((file) => file.key).join(", ")})`)
  }
  if (failures.givenUp.length > 0 || failures.deadLetters > 0) {
    const given = failures.givenUp.reduce((sum, failure) => sum + failure.records, 0)
    parts.push(`${given} stream record(s) not applied, ${failures.deadLetters} dead letter(s)`)
  }
  return `${parts.join("; ")}: see the report${failures.reconcile.length > 0 ? "; run vf-workers reconcile" : ""}`
}
