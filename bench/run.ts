import { execFileSync } from "node:child_process"
import { mkdirSync, writeFileSync } from "node:fs"
import { cpus, freemem, tmpdir, totalmem } from "node:os"
import { join } from "node:path"
import { type BenchFile, fanlistBenchFile, scrubbedBenchFile } from "./files.js"
import { countingGoalsTable } from "./countingGoals.js"
import { flowGoalsTable } from "./flowGoals.js"
import type { PricingResult } from "./pricing.js"
import { pricingTable } from "./pricingTable.js"
import { type CapacityResult, capacityTable, type CaseResult, markdown } from "./report.js"
import type { StandInCapacityResult } from "./standInCapacity.js"
import { flowRowsPerSecondLimit, standInCapacityTable } from "./standInCapacityReport.js"

/**
 * `npm run bench`: generates the inputs (once; they are seeded), runs every case in a
 * process of its own, each several times, and writes docs/BENCHMARKS.md. Not a test:
 * nothing here passes or fails.
 */
const root = process.env["VF_BENCH_DIR"] ?? join(tmpdir(), "vf-bench")
mkdirSync(root, { recursive: true })
const say = (line: string) => process.stderr.write(`${line}\n`)
const here = new URL(".", import.meta.url).pathname

say(`inputs in ${root}`)
// VF_BENCH_QUICK=1: tiny inputs, to try the harness (the page it writes then means nothing).
const scale = process.env["VF_BENCH_QUICK"] === "1" ? 100 : 1
const small = await scrubbedBenchFile(root, 100_000 / scale)
const large = await scrubbedBenchFile(root, 1_000_000 / scale)
const fanlist = await fanlistBenchFile(root, 1_000_000 / scale)
const standInsFile = await scrubbedBenchFile(root, 20_000 / scale)

const runCase = (name: string, file: BenchFile, runs: number): CaseResult => {
  say(`${name} · ${file.rows.toLocaleString("en-US")} rows · ${runs} runs`)
  const out = execFileSync(process.execPath, [join(here, "caseMain.js"), name, root, file.key, String(runs)], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 16 * 1024 * 1024
  })
  const measured = JSON.parse(out.trim().split("\n").at(-1)!) as { rows: number; seconds: Array<number>; peakRssMB: number }
  return { name, file, ...measured }
}

const results: Array<CaseResult> = [
  runCase("parse", small, 5),
  runCase("parse", large, 3),
  runCase("baseline", small, 5),
  runCase("baseline", large, 3),
  runCase("load", small, 5),
  runCase("load", large, 3),
  runCase("loadThreads", small, 5),
  runCase("loadThreads", large, 3),
  runCase("fanlist", fanlist, 3),
  runCase("flow", small, 3),
  runCase("flow", large, 1),
  runCase("flowStandIns", standInsFile, 1)
]

const capacity: Array<CapacityResult> = (scale === 1 ? [1, 4, 16] : [1]).map((shards) => {
  say(`simulated Kinesis · ${shards} shard${shards === 1 ? "" : "s"}`)
  const out = execFileSync(process.execPath, [join(here, "kinesisCapacity.js"), root, String(shards)], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] })
  return JSON.parse(out.trim().split("\n").at(-1)!) as CapacityResult
})

/** A bench entry of its own process whose last stdout line is its result as JSON. */
const jsonOf = <A>(entry: string, args: ReadonlyArray<string>): A => {
  const out = execFileSync(process.execPath, [join(here, entry), ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 16 * 1024 * 1024 })
  return JSON.parse(out.trim().split("\n").at(-1)!) as A
}

say("embedded stand-ins · each call the default-mode flow makes")
const standIns = jsonOf<StandInCapacityResult>("standInCapacityMain.js", [root])
const limit = flowRowsPerSecondLimit(standIns)
say(`pricing · ${(1_000_000 / scale).toLocaleString("en-US")} rows · first load, identical re-run, 10% changed`)
const priced = jsonOf<PricingResult>("pricingMain.js", [root, String(1_000_000 / scale)])

const machine = `${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB (${(freemem() / 2 ** 30).toFixed(0)} GiB free), Node ${process.version}`
const standInSection = [
  "",
  "## Default mode against the stand-ins' own limit",
  "",
  "Each call the default-mode flow makes, on the embedded stand-ins with the real SDK clients as the workers",
  "configure them, at the workers' concurrency (bench/standInCapacity.ts); then the rows a second the slowest",
  "call allows the flow (bench/standInCapacityReport.ts: items of each call per fan record, ~0.5 fan records a row).",
  "",
  standInCapacityTable(standIns),
  `Flow limit on a first load: ${Math.round(limit.rowsPerSecond).toLocaleString("en-US")} rows/s (${limit.bottleneck}); with the consumers' calls in turn, as the runner makes them: ${Math.round(limit.serialRowsPerSecond).toLocaleString("en-US")} rows/s.`,
  ""
].join("\n")
const goals = flowGoalsTable(results, { rowsPerSecond: limit.rowsPerSecond, bottleneck: limit.bottleneck }).join("\n")
const counting = countingGoalsTable(results, priced).join("\n")
const text = `${markdown(results, machine)}\n## The whole flow\n${goals}\n\n## Counting by shard position\n${counting}\n${capacityTable(capacity)}${standInSection}\n${pricingTable(priced)}`
writeFileSync(join(here, "../../docs/BENCHMARKS.md"), text)
process.stdout.write(text)
