import { Command } from "@effect/cli"
import { bootstrapCommand } from "./bootstrapCommand.js"
import { driftCheckCommand } from "./driftCheckCommand.js"
import { reconcileCommand } from "./reconcileCommand.js"
import { redriveCommand } from "./redriveCommand.js"
import { runCommand } from "./runCommand.js"
import { type CliName, subcommandHelp } from "./subcommandHelp.js"

export const vfWorkers = Command.make("vf-workers").pipe(
  Command.withDescription("Verified Fan scoring workers, run locally"),
  Command.withSubcommands([runCommand, bootstrapCommand, reconcileCommand, driftCheckCommand, redriveCommand])
)

/** Each subcommand's help, by the name typed after `vf-workers`. */
export const subcommandHelps: Readonly<Record<string, (cli: CliName) => string>> = {
  run: (cli) => subcommandHelp(runCommand, cli),
  bootstrap: (cli) => subcommandHelp(bootstrapCommand, cli),
  reconcile: (cli) => subcommandHelp(reconcileCommand, cli),
  "drift-check": (cli) => subcommandHelp(driftCheckCommand, cli),
  redrive: (cli) => subcommandHelp(redriveCommand, cli)
}
