import { Command } from "@effect/cli"
import { bootstrapCommand } from "./bootstrapCommand.js"
import { reconcileCommand } from "./reconcileCommand.js"
import { runCommand } from "./runCommand.js"

export const vfWorkers = Command.make("vf-workers").pipe(
  Command.withDescription("Verified Fan scoring workers, run locally"),
  Command.withSubcommands([runCommand, bootstrapCommand, reconcileCommand])
)
