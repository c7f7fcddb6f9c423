import { FileSystem, Path } from "@effect/platform"
import { Effect, Exit, Stream } from "effect"
import type { DumpFolder } from "./dumpFolder.js"
import { JsonArrayFile, keptFiles } from "./flow/RecordKeeper.js"
import { isMarker } from "./campaignLines.js"
import { demandTable } from "../../layers/aws/demandTableDefinition.js"
import { type DemandItem, demandKeys } from "../../services/schemas/FanScoreItem.js"
import { claimAttributeNames } from "../../services/schemas/ReportLedgerItem.js"
import { scoreWriteAttribute } from "../../services/schemas/ScoreWrite.js"
import type { LocalRun } from "./localRun.js"
import type { RunReport } from "./RunReport.js"

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`

/** A value with the keys of its objects in name order, at every depth: the same state reads the same whichever store held it. */
const canonical = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(canonical)
  if (value === null || typeof value !== "object") return value
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return Object.fromEntries(entries.map(([name, field]) => [name, canonical(field)]))
}

/**
 * The bookkeeping an item carries beside its state: the counts' version (how many counting
 * transactions made them: it follows how the changes were batched, not what they were) and
 * the day they last changed (the drift check's index), and a report claim in flight. The dump shows state, the same for the same input in every mode.
 */
const bookkeeping = (SK: string): ReadonlyArray<string> =>
  SK === demandKeys.counts ? ["version", demandTable.changedDay] : SK === demandKeys.slackCounts ? ["version", ...claimAttributeNames] : []

/** An item as the dump shows it: PK and SK first, then its attributes in name order, without the writers' stamp and other bookkeeping. */
const dumpedItem = ({ PK, SK, [scoreWriteAttribute]: _stamp, ...attributes }: DemandItem) => {
  const left = bookkeeping(SK)
  const state = Object.fromEntries(Object.entries(attributes).filter(([name]) => !left.includes(name)))
  return { PK, SK, ...(canonical(state) as object) }
}

/** demand-table.json, one item at a time from the table's sorted items; named `.partial` until whole, removed if it cannot be. */
const writeTable = (path: string, run: LocalRun) =>
  Effect.gen(function* () {
    const file = new JsonArrayFile(path)
    yield* run.end.demandTable.items.pipe(
      Stream.filter((item) => !isMarker(item)),
      Stream.runForEach((item) => Effect.sync(() => file.add(dumpedItem(item)))),
      Effect.onExit((exit) => Effect.sync(() => (Exit.isSuccess(exit) ? file.close() : file.discard())))
    )
  })

/**
 * Writes the rest of the end state of a run (SPEC §9) into its dump folder (the folder's
 * keeper wrote the streams' records and the Entry Service's POSTs), each file told to the
 * folder first so that a failure takes it back; then the dump is whole.
 */
export const writeDump = (folder: DumpFolder, report: RunReport, run: LocalRun) =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const path = yield* Path.Path
    const dir = folder.dir
    folder.writing(path.join(dir, "demand-table.json"))
    yield* writeTable(path.join(dir, "demand-table.json"), run)
    const files: Record<string, unknown> = {
      "report.json": report,
      "slack.json": run.slackPosts,
      "verdict-queue.json": run.sent
    }
    yield* Effect.forEach(
      Object.entries(files),
      ([name, content]) => Effect.suspend(() => (folder.writing(path.join(dir, name)), fs.writeFileString(path.join(dir, name), json(content)))),
      { discard: true }
    )
    folder.whole()
    return ["demand-table.json", ...Object.values(keptFiles), ...Object.keys(files)]
  })
