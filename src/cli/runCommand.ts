import { Args, Command, Options } from "@effect/cli"
import { type ConfigError, Console, Effect, Option } from "effect"
import type { StackError } from "../layers/local/aws/stackCall.js"
import type { StandInError } from "../layers/local/aws/StandIn.js"
import type { MissingSetting } from "../services/errors.js"
import { campaignLines } from "./campaignLines.js"
import { writeDump } from "./dump.js"
import { dumpFolder } from "./dumpFolder.js"
import { exampleFiles } from "./examples.js"
import { CommandFailed, oneLineFailure } from "./failure.js"
import { runFiles } from "./localRun.js"
import { progressOnStderr } from "./progress.js"
import { renderReport } from "./renderReport.js"
import { resourceLines } from "./resourceLines.js"
import { failureSummary, runFailures } from "./runFailures.js"
import { runReport } from "./RunReport.js"
import { embeddedMode, endpointMode, inMemoryMode, type RunModeEffect } from "./runModes.js"

const files = Args.file({ name: "files", exists: "yes" }).pipe(
  Args.withDescription("scoring files; each one's S3 key is its path from its scrubbed/ or fanlist/ folder on"),
  Args.repeated
)
const inMemory = Options.boolean("in-memory").pipe(Options.withDescription("use in-memory AWS services instead of the embedded stand-ins"))
const endpoint = Options.text("endpoint").pipe(
  Options.withDescription("run against LocalStack or AWS at this URL (resources made by `vf-workers bootstrap`)"),
  Options.optional
)
const campaigns = Options.file("campaigns").pipe(
  Options.withDescription("Campaign Service stand-in data (default examples/campaigns.json)"),
  Options.optional
)
const dump = Options.directory("dump").pipe(Options.withDescription("write the end state into this folder"), Options.optional)
const json = Options.boolean("json").pipe(Options.withDescription("print the report as JSON"))
const invocationSeconds = Options.float("invocation-seconds").pipe(
  Options.withDescription("let each loader invocation last this long, as Lambda's 15 minutes would: a longer fanlist load goes on in new invocations"),
  Options.optional
)

const together = Options.boolean("together").pipe(
  Options.withDescription("upload every file at once and load them concurrently, as S3 does for files dropped together (else one after another)")
)

/** `vf-workers run`: files through the whole flow of SPEC §1 on this machine (SPEC §8). */
export const runCommand = Command.make("run", { files, inMemory, endpoint, campaigns, dump, json, invocationSeconds, together }, (options) =>
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
  }).pipe(Effect.scoped, oneLineFailure("run"))
).pipe(Command.withDescription("run scoring files through the whole flow on this machine"))
