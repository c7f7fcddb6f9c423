import { NodeContext } from "@effect/platform-node"
import { Effect, Logger, LogLevel, Option } from "effect"
import { runFiles } from "../src/local/cli/localRun.js"
import { noProgress } from "../src/local/cli/progress.js"
import { embeddedMode, inMemoryMode, type RunModeEffect } from "../src/local/cli/runModes.js"
import { benchCampaignsFile } from "./files.js"

/**
 * The whole flow of `vf-workers run` on one file, in memory or on the embedded stand-ins:
 * the rows the load read, and the seconds of the run (the stand-ins' start not counted).
 */
export const flowRun = async (mode: "in-memory" | "embedded", path: string, root: string) => {
  const campaigns = Option.some(benchCampaignsFile(root))
  const side: RunModeEffect<unknown> = mode === "in-memory" ? inMemoryMode() : embeddedMode(noProgress)
  const run = Effect.scoped(
    Effect.flatMap(side, ({ side, configProvider }) => runFiles(side, [path], campaigns, noProgress).pipe(Effect.withConfigProvider(configProvider)))
  )
  const outcome = await Effect.runPromise(run.pipe(Effect.provide(NodeContext.layer), Logger.withMinimumLogLevel(LogLevel.Error)))
  const loaded = outcome.files[0]
  const rows = loaded !== undefined && "result" in loaded && "in" in loaded.result ? Number(loaded.result.in) : 0
  if (outcome.givenUp.length > 0 || outcome.end.deadLetters > 0) throw new Error(`${mode} flow gave records up: ${JSON.stringify(outcome.givenUp)}`)
  return { rows, seconds: outcome.seconds }
}
