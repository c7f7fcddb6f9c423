import { join } from "node:path"
import { preferYoungGeneration } from "../src/lambda/v8Tuning.js"
import { cases } from "./cases.js"

/**
 * One case in a process of its own: `node caseMain.js <case> <root> <key> <runs>`. Runs it
 * `runs` times and prints, as one JSON line, each run's seconds, the rows read, and the
 * process's peak RSS (so that each case's memory is its own).
 */
const [name, root, key, runs] = process.argv.slice(2) as [string, string, string, string]
// As the Lambda handlers and the CLI run (VF_BENCH_PRETENURING=1 keeps V8's default, to compare).
if (process.env["VF_BENCH_PRETENURING"] !== "1") preferYoungGeneration()
const run = cases[name]
if (run === undefined) throw new Error(`no bench case ${name}`)
const seconds: Array<number> = []
let rows = 0
for (let i = 0; i < Number(runs); i++) {
  const started = performance.now()
  const done = await run({ path: join(root, key), key, root })
  rows = done.rows
  seconds.push(done.seconds ?? (performance.now() - started) / 1000)
}
process.stdout.write(`${JSON.stringify({ name, key, rows, seconds, peakRssMB: process.resourceUsage().maxRSS / 1024 })}\n`)
