#!/usr/bin/env node
import { Command } from "@effect/cli"
import { NodeContext, NodeRuntime } from "@effect/platform-node"
import { Cause, Console, Effect, Exit, Layer, Logger, LogLevel } from "effect"
import { JsonLogging } from "../../layers/observability/JsonLogger.js"
import { preferYoungGeneration } from "../../lambda/v8Tuning.js"
import { subcommandHelps, vfWorkers } from "./commands.js"
import { plainWhereNotStyled, takesStyles } from "./plainText.js"
import { stderrLines } from "./stderrLines.js"
import { asksSubcommandHelp } from "./subcommandHelp.js"

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true"
preferYoungGeneration()
const about = { name: "vf-workers", version: "0.1.0" }
const cli = Command.run(vfWorkers, about)
// The CLI's own logs are JSON lines on stderr (above a load's progress bar): stdout carries the report (and --json's JSON) alone.
const quietLogs = Layer.merge(
  JsonLogging((line) => stderrLines.line(line)),
  Logger.minimumLogLevel(LogLevel.Error)
)
const styles = { stdout: takesStyles(process.stdout, process.env), stderr: takesStyles(process.stderr, process.env) }
const args = process.argv.slice(2)
const help = asksSubcommandHelp(args, Object.keys(subcommandHelps)) ? subcommandHelps[args[0]!] : undefined
const program = help === undefined ? cli(process.argv) : Console.log(help(about))

/** Interrupted (Ctrl-C, SIGTERM) exits 130 once every stand-in is stopped, as shells expect; failures 1. */
const teardown = (exit: Exit.Exit<unknown, unknown>, onExit: (code: number) => void) =>
  onExit(Exit.isSuccess(exit) ? 0 : Cause.isInterruptedOnly(exit.cause) ? 130 : 1)

// Styles only where they are wanted: the help is plain text when piped or redirected.
Effect.consoleWith((console) => Effect.withConsole(program, plainWhereNotStyled(console, styles))).pipe(
  Effect.provide(Layer.merge(NodeContext.layer, quietLogs)),
  NodeRuntime.runMain({ disableErrorReporting: true, disablePrettyLogger: true, teardown })
)
