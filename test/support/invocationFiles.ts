import { mkdirSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fanlistChunks } from "./fanlistFile.js"
import { scrubbedFileText, scrubbedKey } from "./scrubbedFile.js"

/**
 * A generated scrubbed file and fanlist under `root`, at their keys, for runs with
 * --invocation-seconds (continuations): `rows` rows each (the fanlist's of rows/2 fans), some
 * invalid rows in the scrubbed file. Gives their paths.
 */
export const writeInvocationFiles = (root: string, rows: number, fanlistRows = rows) => {
  const files = [
    [scrubbedKey("c1701"), scrubbedFileText({ rows, campaignId: "c1701", invalidEvery: 97, seed: 17 })],
    ["fanlist/scored/c1702/20261202T1200.csv", Buffer.concat([...fanlistChunks({ rows: fanlistRows, fans: Math.floor(fanlistRows / 2) })])]
  ] as const
  return files.map(([key, body]) => {
    const path = join(root, key)
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, body)
    return path
  })
}

/** A run's report.json without what only a limited invocation adds: each file's invocations. */
export const withoutInvocations = (report: unknown) => {
  const { files, ...rest } = report as { files: Array<Record<string, unknown>> }
  return { ...rest, files: files.map(({ invocations: _invocations, ...file }) => file) }
}

/** How many invocations the report says each file's load took (1 when it says none). */
export const invocationsOf = (report: unknown) =>
  (report as { files: Array<{ key: string; worker: string; invocations?: number }> }).files
    .filter((file) => file.worker === "loadScoresToStream" || file.worker === "saveFanlistScores")
    .map((file) => [file.worker, file.invocations ?? 1] as const)

/**
 * A dump file without the verdict reporter's requeues: a load spread over invocations can
 * bring a report before its counts settle, and the reporter then sends its message again
 * (`attempt`); whether and how often follows timing. Its posts and final results stay compared.
 */
export const withoutRequeues = (name: string, content: unknown): unknown => {
  if (name === "verdict-queue.json" && Array.isArray(content)) {
    return content.filter((message: { body?: { attempt?: number } }) => message.body?.attempt === undefined)
  }
  if (name !== "report.json") return content
  const report = content as { files: Array<Record<string, unknown>>; workers: Record<string, unknown> }
  const settled = (result: unknown) => {
    const { input: _input, requeue: _requeue, ...rest } = result as Record<string, unknown>
    return rest
  }
  return {
    ...report,
    files: report.files.map((file) => (file["worker"] === "verdictReporter" ? { ...file, result: settled(file["result"]) } : file)),
    workers: { ...report.workers, ...(report.workers["verdictReporter"] === undefined ? {} : { verdictReporter: settled(report.workers["verdictReporter"]) }) }
  }
}
