import { Args, Command, Options } from "@effect/cli"
import { Console, Effect, Option } from "effect"
import { writeDump } from "./dump.js"
import { exampleFiles } from "./examples.js"
import { runInMemory } from "./localRun.js"
import { renderReport } from "./renderReport.js"
import { resourceLines } from "./resourceLines.js"
import { campaignLines } from "./campaignLines.js"
import { reconcileCommand } from "./reconcileCommand.js"
import { runReport } from "./RunReport.js"

const files = Args.file({ name: "files", exists: "yes" }).pipe(
  Args.withDescription("scoring files; each one's S3 key is its path from its scrubbed/ or fanlist/ folder on"),
  Args.repeated
)
const inMemory = Options.boolean("in-memory").pipe(Options.withDescription("use in-memory services"))
const endpoint = Options.text("endpoint").pipe(
  Options.withDescription("run against LocalStack or AWS at this URL"),
  Options.optional
)
const campaigns = Options.file("campaigns").pipe(
  Options.withDescription("Campaign Service stand-in data (default examples/campaigns.json)"),
  Options.optional
)
const dump = Options.directory("dump").pipe(Options.withDescription("write the end state into this folder"), Options.optional)
const json = Options.boolean("json").pipe(Options.withDescription("print the report as JSON"))

const notYet = (mode: string) =>
  Console.error(`vf-workers run: ${mode} is not available yet; use --in-memory`).pipe(Effect.zipRight(Effect.fail(new Error(`${mode} not available`))))

const run = Command.make("run", { files, inMemory, endpoint, campaigns, dump, json }, (options) =>
  Effect.gen(function* () {
    if (Option.isSome(options.endpoint)) return yield* notYet("--endpoint")
    if (!options.inMemory) return yield* notYet("the default mode (embedded AWS stand-ins)")
    const chosen = options.files.length > 0 ? options.files : yield* exampleFiles
    const result = yield* runInMemory(chosen, options.campaigns)
    const report = runReport(result.files)
    if (Option.isSome(options.dump)) yield* writeDump(options.dump.value, report, result)
    const totals = { mode: "in-memory", seconds: result.seconds, resources: resourceLines(result), campaigns: campaignLines(result) }
    yield* Console.log(options.json ? JSON.stringify(report, null, 2) : renderReport(report, totals))
    if (Option.isSome(options.dump) && !options.json) yield* Console.log(`\n  end state written to ${options.dump.value}`)
  })
).pipe(Command.withDescription("run scoring files through the whole flow on this machine"))

export const vfWorkers = Command.make("vf-workers").pipe(
  Command.withDescription("Verified Fan scoring workers, run locally"),
  Command.withSubcommands([run, reconcileCommand])
)
