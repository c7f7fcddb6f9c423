import { FileSystem, Path } from "@effect/platform"
import { Effect, Stream } from "effect"
import { JsonArrayFile, keptFiles } from "./flow/RecordKeeper.js"
import { isMarker } from "./campaignLines.js"
import { type DemandItem, demandKeys } from "../services/schemas/FanScoreItem.js"
import { claimAttributeNames } from "../services/schemas/ReportLedgerItem.js"
import { scoreWriteAttribute } from "../services/schemas/ScoreWrite.js"
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
 * a report claim in flight. The dump shows state, the same for the same input in every mode.
 */
const bookkeeping = (SK: string): ReadonlyArray<string> =>
  SK === demandKeys.counts ? ["version"] : SK === demandKeys.slackCounts ? ["version", ...claimAttributeNames] : []

/** An item as the dump shows it: PK and SK first, then its attributes in name order, without the writers' stamp and other bookkeeping. */
const dumpedItem = ({ PK, SK, [scoreWriteAttribute]: _stamp, ...attributes }: DemandItem) => {
  const left = bookkeeping(SK)
  const state = Object.fromEntries(Object.entries(attributes).filter(([name]) => !left.includes(name)))
  return { PK, SK, ...(canonical(state) as object) }
}

/** The dump's folder, made before the run (its streams' records are written into it as they are read). */
export const makeDumpDir = (dir: string) => Effect.flatMap(FileSystem.FileSystem, (fs) => fs.makeDirectory(dir, { recursive: true }))

/** demand-table.json, one item at a time from the table's sorted items. */
const writeTable = (path: string, run: LocalRun) =>
  Effect.gen(function* () {
    const file = new JsonArrayFile(path)
    yield* run.end.demandTable.items.pipe(
      Stream.filter((item) => !isMarker(item)),
      Stream.runForEach((item) => Effect.sync(() => file.add(dumpedItem(item)))),
      Effect.ensuring(Effect.sync(() => file.close()))
    )
  })

/** Writes the rest of the end state of a run (SPEC §9) into `dir` (made by makeDumpDir; the run's fileKeeper wrote the streams' records and the Entry Service's POSTs). */
export const writeDump = (dir: string, report: RunReport, run: LocalRun) =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const path = yield* Path.Path
    yield* writeTable(path.join(dir, "demand-table.json"), run)
    const files: Record<string, unknown> = {
      "report.json": report,
      "slack.json": run.slackPosts,
      "verdict-queue.json": run.sent
    }
    yield* Effect.forEach(Object.entries(files), ([name, content]) => fs.writeFileString(path.join(dir, name), json(content)), {
      discard: true
    })
    return ["demand-table.json", ...Object.values(keptFiles), ...Object.keys(files)]
  })
