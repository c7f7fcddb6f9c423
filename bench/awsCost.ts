/**
 * What the workers spend on AWS, in AWS's own units, and those units at on-demand prices.
 * Pure functions and plain counters: bench/meteredServices.ts and meteredSide.ts fill a UsageMeter as the live
 * layers (src/layers/aws) would call AWS; bench/pricing.ts prices it.
 */

import { FirstCallChooser } from "../src/layers/aws/upsertFirstCall.js"

/**
 * On-demand list prices, us-east-1, in dollars per unit. Source: AWS's public pricing pages
 * (aws.amazon.com/dynamodb/pricing/on-demand, /kinesis/data-streams/pricing, /sqs/pricing,
 * /lambda/pricing). Their rate tables are drawn by script and could not be read from here on
 * 2026-12-02, so these are the list prices as of 2025 (DynamoDB's since its on-demand cut of
 * 2024-11-01). Free tiers are left out.
 */
export const awsRates = {
  region: "us-east-1",
  asOf: "list prices as of 2025, from AWS's public pricing pages (not re-read on 2026-12-02)",
  dynamoWriteRequestUnit: 0.625 / 1e6,
  dynamoReadRequestUnit: 0.125 / 1e6,
  /** GetRecords on a table's stream; free when Lambda's trigger reads it, as processSavedScores's does. */
  dynamoStreamsReadRequestUnit: 0.02 / 1e5,
  /** The stack's streams are on-demand (infra/stack/data.ts, no streamShards): per GB in (records rounded up to 1 KB) and out. */
  kinesisOnDemandIngestGB: 0.08,
  kinesisOnDemandRetrievalGB: 0.04,
  /** Per stream and hour, whatever the traffic: not part of a file's cost (2 streams: $58.40 a month). */
  kinesisOnDemandStreamHour: 0.04,
  /** Provisioned mode, for comparison only: per PUT payload unit (25 KB), and per shard-hour. */
  kinesisPutPayloadUnit: 0.014 / 1e6,
  kinesisShardHour: 0.015,
  /** Standard queue, per request of up to 64 KB. */
  sqsRequest: 0.4 / 1e6,
  lambdaRequest: 0.2 / 1e6,
  /** The stack's functions are arm64 (infra/stack/functions.ts). */
  lambdaArmGBSecond: 0.0000133334
} as const

/** Memory of the stack's functions that a scrubbed file runs (infra/stack/functions.ts, `sizing`). */
export const lambdaMemoryMB = {
  scrubbedFile: 3538,
  scoresToDynamoDB: 1024,
  entryScoring: 512,
  savedScores: 512,
  verdictReporter: 512
} as const
export type LambdaFunction = keyof typeof lambdaMemoryMB

const utf8 = (text: string) => Buffer.byteLength(text, "utf8")

/** A number's size: 1 byte per two significant digits (leading and trailing zeros trimmed), plus 1. */
export const numberSizeBytes = (value: number): number => {
  const mantissa = Math.abs(value).toExponential().split("e")[0]!.replace(".", "").replace(/0+$/, "")
  return Math.ceil(Math.max(1, mantissa.length) / 2) + 1
}

/** A value's size as DynamoDB counts it (the name aside). Undefined values are not stored (removeUndefinedValues). */
export const valueSizeBytes = (value: unknown): number => {
  if (typeof value === "string") return utf8(value)
  if (typeof value === "number") return numberSizeBytes(value)
  if (typeof value === "boolean" || value === null) return 1
  if (value instanceof Uint8Array) return value.byteLength
  // A string or number set: its elements (no overhead).
  if (value instanceof Set) return [...value].reduce((sum: number, element) => sum + valueSizeBytes(element), 0)
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, element) => sum + valueSizeBytes(element) + 1, 0)
  if (typeof value === "object") return 3 + attributesSize(value as Record<string, unknown>, 1)
  return 0
}

const attributesSize = (values: Readonly<Record<string, unknown>>, perElement: number) =>
  Object.entries(values).reduce((sum, [name, value]) => (value === undefined ? sum : sum + utf8(name) + valueSizeBytes(value) + perElement), 0)

/** An item's size: attribute name lengths plus value sizes (maps and lists: 3 bytes + their elements + 1 a element). */
export const itemSizeBytes = (item: Readonly<Record<string, unknown>>): number => attributesSize(item, 0)

/** Write request units of one write of an item of `bytes`: 1 per KB started (a refused conditional write too); 2 in a transaction. */
export const writeUnits = (bytes: number, transactional = false) => Math.max(1, Math.ceil(bytes / 1024)) * (transactional ? 2 : 1)

export type Consistency = "strong" | "eventual" | "transactional"

/** Read request units of reading `bytes` (an absent item too): 1 per 4 KB started, strongly consistent; half eventually; 2 in a transaction. */
export const readUnits = (bytes: number, consistency: Consistency = "strong") =>
  Math.max(1, Math.ceil(bytes / 4096)) * { strong: 1, eventual: 0.5, transactional: 2 }[consistency]

/** Kinesis PUT payload units of one record (data and partition key): 25 KB units, rounded up. */
export const putPayloadUnits = (bytes: number) => Math.max(1, Math.ceil(bytes / (25 * 1024)))

/** What on-demand Kinesis bills of one record ingested: its size rounded up to 1 KB, in KB. */
export const ingestKB = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024))

/** SQS requests of one message: 64 KB chunks. */
export const sqsRequests = (bytes: number) => Math.max(1, Math.ceil(bytes / (64 * 1024)))

/** DynamoDB calls, by group and call ("upsert: PutItem refused"); groups "upsert:" and "counts:" are what the naive design replaces. */
export interface CallUnits {
  calls: number
  wru: number
  rru: number
}

/** Counters of one run, as the live layers would have used AWS. */
export class UsageMeter {
  readonly dynamo: Record<string, CallUnits> = {}
  readonly upserts = { created: 0, updated: 0, unchanged: 0 }
  /** The same upserts had each put first (the design before the adaptive first call): its write units. */
  readonly putFirst = { wru: 0 }
  /** The naive design: an unconditional PutItem a record; a GetItem and PutItem of the counts a counted change. */
  readonly naive = { putWru: 0, countsWru: 0, countsRru: 0 }
  readonly kinesis = { calls: 0, records: 0, bytes: 0, putPayloadUnits: 0, ingestKB: 0, retrievalBytes: 0 }
  readonly sqs = { send: 0, receive: 0, delete: 0 }
  /** Records of the table's stream read by processSavedScores's trigger (GetRecords free for Lambda). */
  tableStreamRecords = 0
  readonly invocations: Record<LambdaFunction, number> = { scrubbedFile: 0, scoresToDynamoDB: 0, entryScoring: 0, savedScores: 0, verdictReporter: 0 }
  readonly cpuSeconds: Record<LambdaFunction, number> = { scrubbedFile: 0, scoresToDynamoDB: 0, entryScoring: 0, savedScores: 0, verdictReporter: 0 }
  /** CPU the metering itself took (its reads of the in-memory table, the sizes): left out of the functions' time. */
  meteringCpuSeconds = 0

  /** The choice of an upsert's first call, as the live adapter makes it (a private field: not in the meter's JSON). */
  readonly #firstCall = new FirstCallChooser()

  call(name: string, units: { readonly wru?: number; readonly rru?: number }) {
    const entry = (this.dynamo[name] ??= { calls: 0, wru: 0, rru: 0 })
    entry.calls++
    entry.wru += units.wru ?? 0
    entry.rru += units.rru ?? 0
  }

  /** One upsert of a fan item, as dynamoUpsert.ts makes it: sizes before (0: absent) and after; `flips` when isVerified changed. */
  upsert(outcome: "created" | "updated" | "unchanged", before: number, after: number, flips: boolean) {
    this.upserts[outcome]++
    const found = outcome !== "created"
    const readFirst = this.#firstCall.next() === "read"
    if (readFirst) this.call("upsert: GetItem", { rru: readUnits(before) })
    if (!found) this.call("upsert: PutItem created", { wru: writeUnits(after) })
    else if (!readFirst) this.call("upsert: PutItem refused", { wru: writeUnits(before) })
    this.#firstCall.observe(found)
    const update = outcome === "updated" ? writeUnits(Math.max(before, after)) : 0
    if (update > 0) this.call("upsert: UpdateItem", { wru: update })
    // The byCampaign index projects keys, campaignId, isVerified and verdict: written on create and on a flip.
    if (outcome === "created" || flips) this.call("index: byCampaign write", { wru: 1 })
    this.putFirst.wru += writeUnits(found ? before : after) + update
    this.naive.putWru += writeUnits(Math.max(before, after))
  }

  /** Totals of the DynamoDB calls whose name starts with `prefix` ("" for all). */
  units(prefix = ""): { wru: number; rru: number } {
    const chosen = Object.entries(this.dynamo).filter(([name]) => name.startsWith(prefix))
    return { wru: chosen.reduce((sum, [, u]) => sum + u.wru, 0), rru: chosen.reduce((sum, [, u]) => sum + u.rru, 0) }
  }

  kinesisPut(records: ReadonlyArray<number>, consumers: number) {
    this.kinesis.calls++
    for (const bytes of records) {
      this.kinesis.records++
      this.kinesis.bytes += bytes
      this.kinesis.putPayloadUnits += putPayloadUnits(bytes)
      this.kinesis.ingestKB += ingestKB(bytes)
      this.kinesis.retrievalBytes += bytes * consumers
    }
  }
}
