import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync } from "node:fs"
import { dirname, join } from "node:path"
import { NodeContext } from "@effect/platform-node"
import { ConfigProvider, Effect, Logger, LogLevel, Option } from "effect"
import Papa from "papaparse"
import type { FlowSide } from "../src/local/cli/flow/FlowSide.js"
import { memorySide } from "../src/local/cli/flow/memorySide.js"
import { runFiles } from "../src/local/cli/localRun.js"
import { noProgress } from "../src/local/cli/progress.js"
import { MemoryWorld } from "../src/local/memory/MemoryWorld.js"
import { csvLine } from "../test/support/csvText.js"
import { awsRates, type LambdaFunction, lambdaMemoryMB, UsageMeter } from "./awsCost.js"
import { type BenchFile, benchCampaignsFile, scrubbedBenchFile } from "./files.js"
import { cpuNow } from "./meteredServices.js"
import { meteredSide } from "./meteredSide.js"

/** One cost line of a scenario: its quantity in AWS's unit, and its price. */
export interface CostLine {
  readonly line: string
  readonly quantity: number
  readonly unit: string
  readonly dollars: number
}

/** A scenario's usage (the meter's counters, as plain data) and its price, in this design and in the naive one. */
export interface ScenarioPrice {
  readonly name: string
  readonly rows: number
  /** Fan items the table holds after the run. */
  readonly fanItems: number
  readonly seconds: number
  readonly usage: Omit<UsageMeter, "call" | "upsert" | "units" | "kinesisPut">
  readonly lines: ReadonlyArray<CostLine>
  readonly naive: ReadonlyArray<CostLine>
  /** The upserts' DynamoDB dollars as they are, and read first (eventually consistent GetItem, then only the writes needed). */
  readonly upserts: { readonly now: number; readonly putFirst: number }
}

export interface PricingResult {
  readonly rows: number
  readonly rates: typeof awsRates
  readonly memoryMB: typeof lambdaMemoryMB
  readonly scenarios: ReadonlyArray<ScenarioPrice>
}

const GB = 2 ** 30
const Parser = (Papa as unknown as { Parser: new (config: object) => { parse(input: string, base: number, ignoreLastRow: boolean): { data: Array<Array<string>>; meta: { cursor: number } } } }).Parser

/** The bench file with a new score for every 10th fan (same fans, campaign and key), under `<root>/changed-fans/`; made once. */
export const changedFansFile = async (root: string, file: BenchFile): Promise<string> => {
  const path = join(root, "changed-fans", file.key)
  if (existsSync(path)) return path
  mkdirSync(dirname(path), { recursive: true })
  const out = createWriteStream(`${path}.partial`)
  const parser = new Parser({ delimiter: ",", newline: "\n", quoteChar: '"' })
  let [header, fans, last, pending] = [undefined as Array<string> | undefined, 0, "", ""]
  const rewrite = (rows: Array<Array<string>>) =>
    rows.flatMap((fields) => {
      if (fields.length === 1 && fields[0] === "") return []
      if (header === undefined) return [csvLine((header = fields))]
      const [gid, score] = [fields[header.indexOf("globalUserId")] ?? "", header.indexOf("score")]
      if (gid !== last) [fans, last] = [fans + 1, gid]
      const value = Number(fields[score])
      if (fans % 10 === 0 && fields[score]!.trim() !== "" && Number.isFinite(value)) fields[score] = ((value + 0.5) % 1).toFixed(4)
      return [csvLine(fields)]
    })
  const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once("drain", () => resolve())))
  const decoder = new TextDecoder()
  for await (const chunk of createReadStream(file.path, { highWaterMark: 256 * 1024 })) {
    const input = pending + decoder.decode(chunk as Buffer, { stream: true })
    const parsed = parser.parse(input, 0, true)
    pending = input.slice(parsed.meta.cursor)
    await write(rewrite(parsed.data).join(""))
  }
  await write(rewrite(parser.parse(pending + decoder.decode(), 0, false).data).join(""))
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())))
  renameSync(`${path}.partial`, path)
  return path
}

/** The scenario's cost lines; the naive design replaces the upserts by unconditional puts and the counts transactions by a read and a put a change. */
const costLines = (m: UsageMeter, design: "this" | "naive"): Array<CostLine> => {
  const r = awsRates
  const naive = design === "naive"
  const replaced = m.units("upsert:").wru + m.units("counts: TransactWriteItems").wru
  const wru = m.units().wru + (naive ? m.naive.putWru + m.naive.countsWru - replaced : 0)
  const rru = m.units().rru + (naive ? m.naive.countsRru : 0)
  const functions = Object.keys(lambdaMemoryMB) as Array<LambdaFunction>
  const gbSeconds = functions.reduce((sum, f) => sum + (m.cpuSeconds[f] * lambdaMemoryMB[f]) / 1024, 0)
  const invocations = functions.reduce((sum, f) => sum + m.invocations[f], 0)
  const requests = m.sqs.send + m.sqs.receive + m.sqs.delete
  const [ingest, retrieval] = [(m.kinesis.ingestKB * 1024) / GB, m.kinesis.retrievalBytes / GB]
  return [
    { line: "DynamoDB writes", quantity: wru, unit: "WRU", dollars: wru * r.dynamoWriteRequestUnit },
    { line: "DynamoDB reads", quantity: rru, unit: "RRU", dollars: rru * r.dynamoReadRequestUnit },
    { line: "DynamoDB Streams reads", quantity: m.tableStreamRecords, unit: "stream records (free to Lambda's trigger)", dollars: 0 },
    { line: "Kinesis in", quantity: ingest, unit: `GB in 1 KB units (${m.kinesis.putPayloadUnits.toLocaleString("en-US")} PUT payload units)`, dollars: ingest * r.kinesisOnDemandIngestGB },
    { line: "Kinesis out", quantity: retrieval, unit: "GB (2 consumers)", dollars: retrieval * r.kinesisOnDemandRetrievalGB },
    { line: "SQS", quantity: requests, unit: "requests", dollars: requests * r.sqsRequest },
    { line: "Lambda requests", quantity: invocations, unit: "invocations", dollars: invocations * r.lambdaRequest },
    { line: "Lambda compute", quantity: gbSeconds, unit: "GB-s", dollars: gbSeconds * r.lambdaArmGBSecond }
  ]
}

const scenario = (side: FlowSide, name: string, path: string, campaigns: string) =>
  Effect.gen(function* () {
    const meter = new UsageMeter()
    const [cpu, started] = [cpuNow(), performance.now()]
    const run = yield* Effect.scoped(runFiles(meteredSide(side, meter), [path], Option.some(campaigns), noProgress))
    if (run.givenUp.length > 0 || run.end.deadLetters > 0) return yield* Effect.dieMessage(`${name}: records given up`)
    const loaded = run.files[0]
    const consumers = Object.values(meter.cpuSeconds).reduce((sum, seconds) => sum + seconds, 0)
    // S3 invokes the loader once; it had the rest of the run's CPU (the runner's own polling included).
    meter.invocations.scrubbedFile += 1
    meter.cpuSeconds.scrubbedFile = Math.max(0, cpuNow() - cpu - consumers - meter.meteringCpuSeconds)
    const { wru, rru } = { wru: awsRates.dynamoWriteRequestUnit, rru: awsRates.dynamoReadRequestUnit }
    return {
      name,
      rows: loaded !== undefined && "result" in loaded && "in" in loaded.result ? Number(loaded.result.in) : 0,
      fanItems: run.end.demandTable.fanScores,
      seconds: (performance.now() - started) / 1000,
      usage: JSON.parse(JSON.stringify(meter)),
      lines: costLines(meter, "this"),
      naive: costLines(meter, "naive"),
      upserts: { now: meter.units("upsert:").wru * wru + meter.units("upsert:").rru * rru, putFirst: meter.putFirst.wru * wru }
    } satisfies ScenarioPrice
  })

/**
 * Three runs of the whole in-memory flow in one world (its table kept from one to the next):
 * the scrubbed bench file of `rows` rows loaded first, the same file again, then with every
 * 10th fan's score changed; each metered and priced. The load decodes in the calling thread.
 */
export async function priceScenarios(root: string, rows: number): Promise<PricingResult> {
  const file = await scrubbedBenchFile(root, rows)
  const changed = await changedFansFile(root, file)
  const campaigns = benchCampaignsFile(root)
  const program = Effect.gen(function* () {
    const side = yield* memorySide(new MemoryWorld())
    const runs = [["first load", file.path], ["identical re-run", file.path], ["10% of fans changed", changed]] as const
    return yield* Effect.forEach(runs, ([name, path]) => scenario(side, name, path, campaigns))
  })
  const settings = ConfigProvider.fromMap(new Map([["LOAD_DECODE_THREADS", "0"]])).pipe(ConfigProvider.orElse(() => ConfigProvider.fromEnv()))
  const scenarios = await Effect.runPromise(
    program.pipe(Effect.withConfigProvider(settings), Effect.provide(NodeContext.layer), Logger.withMinimumLogLevel(LogLevel.Error))
  )
  return { rows, rates: awsRates, memoryMB: lambdaMemoryMB, scenarios }
}

export { pricingTable } from "./pricingTable.js"
