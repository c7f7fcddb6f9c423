import { type ConfigError, Console, Effect, Option } from "effect"
import type { StackError } from "../standIns/aws/stackCall.js"
import type { StandInError } from "../standIns/aws/StandIn.js"
import type { MissingSetting } from "../../services/errors.js"
import { campaignLines } from "./campaignLines.js"
import { writeDump } from "./dump.js"
import { dumpFolder } from "./dumpFolder.js"
import { exampleFiles } from "./examples.js"
import { CommandFailed } from "./failure.js"
import { runFiles } from "./localRun.js"
import { progressOnStderr } from "./progress.js"
import { renderReport } from "./renderReport.js"
import { resourceLines } from "./resourceLines.js"
import { failureSummary, runFailures } from "./runFailures.js"
import { runReport } from "./RunReport.js"
import { embeddedMode, endpointMode, inMemoryMode, type RunModeEffect } from "./runModes.js"

/** What `vf-workers run` was given. */
export interface RunCommandOptions {
  readonly files: ReadonlyArray<string>
  readonly inMemory: boolean
  readonly endpoint: Option.Option<string>
  readonly campaigns: Option.Option<string>
  readonly dump: Option.Option<string>
  readonly json: boolean
  readonly invocationSeconds: Option.Option<number>
  readonly together: boolean
}

/**
 * `vf-workers run`'s work: the files through the whole flow on the side chosen, the report
 * printed, the dump written; fails (the run exits 1) when a file did not load or something
 * was given up. Loaded only when the command runs (runCommand.ts), so that the other
 * commands and --help start without the flow's modules.
 */
export const runProgram = (options: RunCommandOptions) =>
  Effect.gen(function* () {
    if (Option.isSome(options.invocationSeconds) && !(options.invocationSeconds.value > 0)) {
      return yield* Effect.fail(new CommandFailed("--invocation-seconds must be more than 0"))
    }
    if (options.inMemory && Option.isSome(options.endpoint)) {
      return yield* Effect.fail(new CommandFailed("--in-memory and --endpoint exclude each other: choose one"))
    }
    const chosen = options.files.length > 0 ? options.files : yield* exampleFiles
    // From here on, whatever ends the run before its dump is whole takes the dump back (dumpFolder).
    const folder = Option.isSome(options.dump) ? yield* dumpFolder(options.dump.value) : undefined
    const keeper = folder?.keeper
    const progress = progressOnStderr
    const mode: RunModeEffect<MissingSetting | StackError | StandInError | ConfigError.ConfigError> = options.inMemory
      ? inMemoryMode(keeper)
      : Option.isSome(options.endpoint)
        ? endpointMode(options.endpoint.value, progress, keeper)
        : embeddedMode(progress, keeper)
    const result = yield* Effect.scoped(
      Effect.flatMap(mode, ({ side, configProvider }) =>
        runFiles(side, chosen, options.campaigns, progress, {
          ...(keeper === undefined ? {} : { keeper }),
          together: options.together,
          ...(Option.isSome(options.invocationSeconds) ? { invocationSeconds: options.invocationSeconds.value } : {})
        }).pipe(Effect.withConfigProvider(configProvider))
      )
    )
    const report = runReport(result.files, runFailures(result.files, result.givenUp, result.end.deadLetters))
    if (folder !== undefined) yield* writeDump(folder, report, result)
    const totals = { mode: result.mode, seconds: result.seconds, resources: resourceLines(result), campaigns: campaignLines(result) }
    yield* Console.log(options.json ? JSON.stringify(report, null, 2) : renderReport(report, totals))
    if (Option.isSome(options.dump) && !options.json) yield* Console.log(`\n  end state written to ${options.dump.value}`)
    // SPEC §8: exit 0 only when every file loaded and nothing was given up; the other files have run by now.
    if (report.failures !== undefined) return yield* Effect.fail(new Error(failureSummary(report.failures, chosen.length)))
  })
