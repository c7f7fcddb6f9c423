import { tmpdir } from "node:os"
import { Effect, Logger, LogLevel } from "effect"
import { fanRecordBytes, standInCapacity } from "./standInCapacity.js"
import { flowRowsPerSecondLimit, standInCapacityTable } from "./standInCapacityReport.js"

/**
 * `node standInCapacityMain.js [root] [secondsPerCall]`: starts the embedded stand-ins, measures each call
 * the default-mode flow makes (standInCapacity) and prints the table and the flow's row limits
 * on stderr, then the result as one JSON line, the last line on stdout.
 */
const [root, secondsText] = process.argv.slice(2)
const result = await Effect.runPromise(
  standInCapacity(root ?? tmpdir(), secondsText === undefined ? {} : { seconds: Number(secondsText) }).pipe(Logger.withMinimumLogLevel(LogLevel.Error))
)
const limit = (rerun: boolean) => flowRowsPerSecondLimit(result, 0.5, rerun)
process.stderr.write(`${standInCapacityTable(result)}fan records of ${fanRecordBytes} bytes\n`)
process.stderr.write(`flow limit, first load: ${JSON.stringify(limit(false))}\nflow limit, identical re-run: ${JSON.stringify(limit(true))}\n`)
process.stdout.write(`${JSON.stringify(result)}\n`)
