import { FileSystem, Path } from "@effect/platform"
import { Effect } from "effect"
import { isMarker } from "./campaignLines.js"
import type { LocalRun } from "./localRun.js"
import type { RunReport } from "./RunReport.js"

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`

/** Writes the end state of a run (SPEC §9) into `dir`, creating it when needed. */
export const writeDump = (dir: string, report: RunReport, run: LocalRun) =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const path = yield* Path.Path
    yield* fs.makeDirectory(dir, { recursive: true })
    const files: Record<string, unknown> = {
      "report.json": report,
      "demand-table.json": run.world.demandTable.allItems().filter((item) => !isMarker(item)),
      "scores-stream.json": run.world.scoresStream.records(),
      "campaign-data-stream.json": run.world.campaignDataStream.records(),
      "entry-service.json": run.entryPosts,
      "slack.json": run.slackPosts,
      "verdict-queue.json": run.world.verdictQueue.sent
    }
    yield* Effect.forEach(Object.entries(files), ([name, content]) => fs.writeFileString(path.join(dir, name), json(content)), {
      discard: true
    })
    return Object.keys(files)
  })
