import type { FileOutcome } from "../pipelines/processScoringFile.js"

/** report.json (SPEC §9): each file's outcome, and each worker's results summed. */
export interface RunReport {
  readonly files: ReadonlyArray<FileOutcome>
  readonly workers: Readonly<Record<string, Record<string, unknown>>>
}

/** Adds the numbers of `result` into `sum`, nested objects included; other values are left out. */
const addCounts = (sum: Record<string, unknown>, result: object) => {
  for (const [name, value] of Object.entries(result)) {
    if (typeof value === "number") sum[name] = ((sum[name] as number | undefined) ?? 0) + value
    else if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      const nested = (sum[name] ?? {}) as Record<string, unknown>
      addCounts(nested, value)
      sum[name] = nested
    }
  }
}

export const runReport = (files: ReadonlyArray<FileOutcome>): RunReport => {
  const workers: Record<string, Record<string, unknown>> = {}
  for (const file of files) {
    if (!("result" in file)) continue
    addCounts((workers[file.worker] ??= { files: 0 }), file.result)
    ;(workers[file.worker]!.files as number)++
  }
  return { files, workers }
}
