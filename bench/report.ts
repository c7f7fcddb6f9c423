import type { BenchFile } from "./files.js"
import { goalsTable, medianSeconds, n, rate, ratioRows } from "./goals.js"

export interface CaseResult {
  readonly name: string
  readonly file: BenchFile
  readonly rows: number
  readonly seconds: ReadonlyArray<number>
  readonly peakRssMB: number
}

export interface CapacityResult {
  readonly shards: number
  /** Records per second the shards take at most (1,000 a shard). */
  readonly capacity: number
  readonly records: number
  readonly seconds: number
  /** PutRecords entries answered ProvisionedThroughputExceededException, retried. */
  readonly throttled: number
  /** Records the pipeline counted failed, and records it neither delivered nor failed. */
  readonly failed: number
  readonly lost: number
}

const labels: Record<string, string> = {
  parse: "(a) raw parse (papaparse)",
  baseline: "(b) baseline: csv-parse columns, objects, JSON per record",
  load: "(c) loadScoresToStream → in-memory stream, blocks decoded in the calling thread",
  loadThreads: "(c) loadScoresToStream → in-memory stream, blocks decoded on 2 worker threads",
  fanlist: "(d) saveFanlistScores in memory",
  flow: "(e) whole in-memory flow (`vf-workers run --in-memory`)",
  flowStandIns: "(f) whole default-mode flow (`vf-workers run`, embedded stand-ins)"
}

/** docs/BENCHMARKS.md: method, machine, the table of cases, and the goals against the figures. */
export const markdown = (results: ReadonlyArray<CaseResult>, machine: string): string => {
  const rows = results.map((result) => {
    const seconds = medianSeconds(result)
    return `| ${labels[result.name] ?? result.name} | ${n(result.file.rows)} | ${n(result.file.bytes / 1e6, 1)} MB | ${result.seconds.length} | ${n(seconds, 2)} | ${n(rate(result))} | ${n(result.file.bytes / 1e6 / seconds, 1)} | ${n(result.peakRssMB)} |`
  })
  const configurations = { load: "in the calling thread", loadThreads: "on 2 worker threads" }
  const ratios = Object.entries(configurations).flatMap(([name, label]) => ratioRows(results, name, label))
  return [
    "# Benchmarks",
    "",
    `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}. Machine: ${machine}.`,
    "",
    "## Method",
    "",
    "- Inputs are generated once into a temporary folder (seeded, so the same bytes every time): scrubbed files",
    "  of 100,000 and 1,000,000 rows (21 columns, 1–3 rank rows per fan with the rank in the `id`, every 50th row",
    "  invalid for a rotating reason: 2%) and a fanlist of 1,000,000 rows (500,000 fans, each on two rows far apart;",
    "  ids of three kinds).",
    "- Each case runs in a Node process of its own (compiled JavaScript, no loader), several times in that process;",
    "  the table gives the median. Peak RSS is the process's maximum resident set over its runs (the runtime's own",
    "  ~40 MB included).",
    "- (a) reads the file in 64 KiB pieces and splits it with papaparse, the parser the workers use: the machine's",
    "  limit for this job. (b) is the job written the plain way: csv-parse with `columns`, an object per row, fields",
    "  converted and checked by hand, contiguous rows combined, `JSON.stringify` and a Buffer per record. (c) is",
    "  loadScoresToStream reading the file as a stream (as from S3) into an in-memory stream that counts what it",
    "  takes, in two configurations: blocks of whole records (64 KiB) decoded in the calling thread (the default on",
    "  one core), and blocks of 512 KiB decoded on 2 worker threads (`ScrubbedBlockWorkers`, the default on more",
    "  cores) while the calling thread merges fans and sends; the pool is made once per process, as a Lambda",
    "  container makes it once, so its first run (threads starting, code not yet optimised) is the slowest.",
    "- (c) and (d) include the rejects file of SPEC §12 (both files have refused rows): the file read a second",
    "  time, only its refused records parsed, the rows written to a bucket that takes and drops them.",
    "- (d) is saveFanlistScores with the in-memory demand table and campaign data stream, read by no one (their",
    "  records and changes counted and dropped; the table holds its items). (e) is the whole in-memory flow of",
    "  `vf-workers run --in-memory`: the file is the bucket's object (read from disk), the consumers run while it",
    "  loads, the streams and the table's change log drop what the runner has read (a put waits while 20,000",
    "  records are unread), the table holds every item (fans, counts, the counter's shard positions) as JSON text. (f) is",
    "  the same flow on the embedded stand-ins (their start not timed).",
    "- Logs as the CLI keeps them: errors only.",
    "",
    "## Results",
    "",
    "| case | rows | file | runs | median s | rows/s | MB/s | peak RSS MB |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
    "",
    "| (c), blocks decoded | rows/s | c ÷ a | c ÷ b |",
    "| --- | --- | --- | --- |",
    ...ratios,
    ...goalsTable(results, configurations),
    ""
  ].join("\n")
}

/** The simulated-Kinesis part of the page. */
export const capacityTable = (results: ReadonlyArray<CapacityResult>): string =>
  [
    "",
    "## loadScoresToStream against a stream's capacity",
    "",
    "A simulated Kinesis stream (`SimulatedKinesisStream`: partition keys hashed with MD5 onto shards by hash",
    "range, each shard taking at most 1,000 records/s and 1 MiB/s, the rest of a PutRecords call answered",
    "`ProvisionedThroughputExceededException` per record as the real service does). Each run loads a scrubbed",
    "file big enough for about ten seconds at capacity. Achieved = records accepted ÷ seconds of the whole load;",
    "of capacity = records accepted ÷ the most the shards could take in that time (a full second's bucket at the",
    "start, then capacity × seconds). Lost = fan records of the file (known from its generator) neither accepted",
    "nor counted failed.",
    "",
    "| shards | capacity rec/s | records | seconds | achieved rec/s | of capacity | throttled entries | failed | lost |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...results.map(
      (r) =>
        `| ${r.shards} | ${n(r.capacity)} | ${n(r.records)} | ${n(r.seconds, 1)} | ${n(r.records / r.seconds)} | ${n((100 * r.records) / (r.capacity * (r.seconds + 1)), 1)}% | ${n(r.throttled)} | ${n(r.failed)} | ${n(r.lost)} |`
    ),
    ""
  ].join("\n")
