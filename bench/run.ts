import { execFileSync } from "node:child_process"
import { mkdirSync, writeFileSync } from "node:fs"
import { cpus, freemem, tmpdir, totalmem } from "node:os"
import { join } from "node:path"
import { type BenchFile, fanlistBenchFile, scrubbedBenchFile } from "./files.js"
import { type CapacityResult, capacityTable, type CaseResult, markdown } from "./report.js"

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
  // The in-memory world keeps every record, item and change (about 1 GB a 100,000 rows): the small file only.
  runCase("flow", small, 3)
]

const capacity: Array<CapacityResult> = (scale === 1 ? [1, 4, 16] : [1]).map((shards) => {
  say(`simulated Kinesis · ${shards} shard${shards === 1 ? "" : "s"}`)
  const out = execFileSync(process.execPath, [join(here, "kinesisCapacity.js"), root, String(shards)], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] })
  return JSON.parse(out.trim().split("\n").at(-1)!) as CapacityResult
})

const machine = `${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB (${(freemem() / 2 ** 30).toFixed(0)} GiB free), Node ${process.version}`
const text = markdown(results, machine) + capacityTable(capacity)
writeFileSync(join(here, "../../docs/BENCHMARKS.md"), text)
process.stdout.write(text)
