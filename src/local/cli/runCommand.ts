import { Args, Command, Options } from "@effect/cli"
import { Effect } from "effect"
import { oneLineFailure } from "./failure.js"
import type { RunCommandOptions } from "./runProgram.js"

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

/** `vf-workers run`: files through the whole flow of SPEC §1 on this machine (SPEC §8); its work loaded when it runs (runProgram.ts). */
export const runCommand = Command.make("run", { files, inMemory, endpoint, campaigns, dump, json, invocationSeconds, together }, (options: RunCommandOptions) =>
  Effect.promise(() => import("./runProgram.js")).pipe(
    Effect.flatMap(({ runProgram }) => runProgram(options)),
    Effect.scoped,
    oneLineFailure("run")
  )
).pipe(Command.withDescription("run scoring files through the whole flow on this machine"))
