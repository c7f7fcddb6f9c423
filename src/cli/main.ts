#!/usr/bin/env node
import { Command } from "@effect/cli"
import { NodeContext, NodeRuntime } from "@effect/platform-node"
import { Cause, Effect, Exit, Layer, Logger, LogLevel } from "effect"
import { JsonLoggingToStderr } from "../layers/observability/JsonLogger.js"
import { preferYoungGeneration } from "../handlers/v8Tuning.js"
import { vfWorkers } from "./commands.js"

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true"
preferYoungGeneration()
const cli = Command.run(vfWorkers, { name: "vf-workers", version: "0.1.0" })
const quietLogs = Layer.merge(JsonLoggingToStderr, Logger.minimumLogLevel(LogLevel.Error))

/** Interrupted (Ctrl-C, SIGTERM) exits 130 once every stand-in is stopped, as shells expect; failures 1. */
const teardown = (exit: Exit.Exit<unknown, unknown>, onExit: (code: number) => void) =>
  onExit(Exit.isSuccess(exit) ? 0 : Cause.isInterruptedOnly(exit.cause) ? 130 : 1)

cli(process.argv).pipe(Effect.provide(Layer.merge(NodeContext.layer, quietLogs)), NodeRuntime.runMain({ disableErrorReporting: true, disablePrettyLogger: true, teardown }))
