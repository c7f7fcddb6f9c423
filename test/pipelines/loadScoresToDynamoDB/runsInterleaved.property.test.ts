import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Logger, LogLevel, Option } from "effect"
import fc from "fast-check"
import { memoryCampaignCounts } from "../../../src/local/memory/MemoryCampaignCounts.js"
import { MemoryDemandTable } from "../../../src/local/memory/MemoryDemandTable.js"
import { memoryRunProgress } from "../../../src/local/memory/MemoryRunProgress.js"
import { fanScoreItemOf } from "../../../src/pipelines/loadScoresToDynamoDB/fanScoreItem.js"
import { loadScoresToDynamoDB } from "../../../src/pipelines/loadScoresToDynamoDB/loadScoresToDynamoDB.js"
import { processSavedScores } from "../../../src/pipelines/processSavedScores/processSavedScores.js"
import type { IncomingRecord } from "../../../src/pipelines/delivery/incomingRecords.js"
import { CampaignCounts } from "../../../src/services/CampaignCounts.js"
import { DemandTable } from "../../../src/services/DemandTable.js"
import { DemandTableError } from "../../../src/services/errors.js"
import { isRunCounted, RunProgress } from "../../../src/services/RunProgress.js"
import { endOfFileJson } from "../../../src/services/schemas/EndOfFile.js"
import { fanRecord } from "../fanRecordFixture.js"

/**
 * A scrubbed file's writer deliveries, with faults (writes refused or their replies lost,
 * progress not recorded or its reply lost, whole batches again) and fanlists writing the
 * same fans between any two of them: each run counts exactly its own changes, the counts
 * are the table's, and a fan holds its last record (SPEC §6 "Ordered and final", §10).
 */

const shardId = "shardId-000000000001"
const run = "scrubbed-run"
const encode = (value: unknown) => new TextEncoder().encode(typeof value === "string" ? value : JSON.stringify(value))
const meta = { correlation: "00000000-0000-4000-8000-000000000000", date: 1, source: "s3://b/scrubbed", run }

type Fault = "ok" | "refused" | "lost reply"
const fault = fc.constantFrom<Fault>("ok", "ok", "ok", "refused", "lost reply")
const fanlist = fc.record({ at: fc.nat(30), fans: fc.array(fc.record({ fan: fc.nat(3), isVerified: fc.boolean() }), { maxLength: 4 }) })

const scenario = fc.record({
  rows: fc.array(fc.record({ fan: fc.nat(3), isVerified: fc.boolean() }), { minLength: 1, maxLength: 8 }),
  sizes: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 6 }),
  answerLost: fc.array(fc.boolean(), { minLength: 1, maxLength: 7 }),
  writeFaults: fc.array(fault, { minLength: 1, maxLength: 13 }),
  progressFaults: fc.array(fault, { minLength: 1, maxLength: 5 }),
  fanlists: fc.array(fanlist, { maxLength: 2 })
})

/** Cycles through `faults`, one per call. */
const faultsOf = (faults: ReadonlyArray<Fault>) => {
  let call = 0
  return () => faults[call++ % faults.length]!
}

const failing = <A, E, R>(next: () => Fault, effect: Effect.Effect<A, E, R>, operation: string) =>
  Effect.suspend(() => {
    const now = next()
    const error = Effect.fail(new DemandTableError({ table: "t", operation, reason: now }))
    return now === "ok" ? effect : now === "refused" ? error : Effect.zipRight(effect, error)
  })

describe("a run's evidence under faults, with fanlists writing the same fans", () => {
  it("counted = expected for every run and the counts of the table, whatever the faults and their order", async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ rows, sizes, answerLost, writeFaults, progressFaults, fanlists }) => {
        const table = new MemoryDemandTable()
        const records: Array<IncomingRecord> = [
          ...rows.map(({ fan, isVerified }, i) => ({ sequenceNumber: String(i + 1), shardId, data: encode(fanRecord(`g${fan}`, { isVerified, __meta: meta })) })),
          { sequenceNumber: String(rows.length + 1), shardId, data: encode(endOfFileJson({ campaignId: "c1", run, loadId: "load" })) }
        ]
        const progress = memoryRunProgress(table)
        const write = faultsOf(writeFaults)
        const record = faultsOf(progressFaults)
        const faulty = (on: boolean) =>
          Layer.merge(
            Layer.succeed(DemandTable, DemandTable.of({ ...table.service, upsertStamped: (item, stamp) => (on ? failing(write, table.upsertStamped(item, stamp), "PutItem") : table.upsertStamped(item, stamp)) })),
            Layer.succeed(RunProgress, RunProgress.of({ ...progress, recordShardWrites: (writes) => (on ? failing(record, progress.recordShardWrites(writes), "UpdateItem") : progress.recordShardWrites(writes)) }))
          )
        /** A fanlist run writes its fans (one line each) and records its whole file. */
        const loadFanlist = (n: number, fans: ReadonlyArray<{ fan: number; isVerified: boolean }>) =>
          Effect.gen(function* () {
            let moved = 0
            const kept = new Map(fans.map((f) => [f.fan, f.isVerified]))
            for (const [fan, isVerified] of kept) {
              const item = { ...fanScoreItemOf(fanRecord(`g${fan}`, { isVerified, __meta: meta })), source: "fanlist" as const }
              if ((yield* table.upsertStamped(item, { run: `fanlist-${n}`, record: `line:${fan + 2}` })).moves) moved++
            }
            if (kept.size > 0) yield* progress.recordFileWrites({ campaignId: "c1", run: `fanlist-${n}`, loadId: `fanlist-load-${n}`, moved })
          })

        const flow = Effect.gen(function* () {
          let from = 0
          for (let step = 0; from < records.length; step++) {
            for (const [n, { at, fans }] of fanlists.entries()) if (at === step) yield* loadFanlist(n, fans)
            const calm = step >= 40 // Lambda's retries end; the rest goes through.
            const batch = records.slice(from, from + sizes[step % sizes.length]!)
            const { retry } = yield* loadScoresToDynamoDB(batch).pipe(Effect.provide(faulty(!calm)))
            const lowest = batch.findIndex((r) => retry.includes(r.sequenceNumber))
            if (lowest >= 0) from += lowest
            else if (calm || !answerLost[step % answerLost.length]) from += batch.length
          }
          for (const [n, { at, fans }] of fanlists.entries()) if (at >= 0 && !table.item({ PK: "campaign:c1", SK: `meta:run:fanlist-${n}` }) && fans.length > 0) yield* loadFanlist(n, fans)
          yield* processSavedScores({ changes: table.changesFrom(0), shard: "s/0" }).pipe(Effect.provide(Layer.succeed(CampaignCounts, memoryCampaignCounts(table))))
        })
        await Effect.runPromise(flow.pipe(Effect.provide(Logger.minimumLogLevel(LogLevel.None))))

        const runs = [run, ...fanlists.flatMap((f, n) => (f.fans.length > 0 ? [`fanlist-${n}`] : []))]
        for (const of of runs) {
          const state = Option.getOrThrow(await Effect.runPromise(progress.progress("c1", of)))
          expect({ run: of, counted: state.counted }).toEqual({ run: of, counted: state.expected })
        }
        expect(isRunCounted(Option.getOrThrow(await Effect.runPromise(progress.progress("c1", run))), "load", 1)).toBe(true)
        const fans = table.allItems().filter((item) => item.PK.startsWith("fan:"))
        const stored = Option.getOrThrow(await Effect.runPromise(memoryCampaignCounts(table).getCounts("c1")))
        expect([stored.verified, stored.rejected]).toEqual([fans.filter((f) => f.isVerified === true).length, fans.filter((f) => f.isVerified === false).length])
        // A fan no fanlist wrote holds its last record's values: a record given again never writes over a later one.
        const listed = new Set(fanlists.flatMap((f) => f.fans.map(({ fan }) => `fan:g${fan}`)))
        const last = new Map(rows.map(({ fan, isVerified }) => [`fan:g${fan}`, isVerified]))
        const unlisted = (pk: string) => !listed.has(pk)
        expect(fans.filter((f) => unlisted(f.PK)).map((f) => [f.PK, f.isVerified]).sort()).toEqual([...last].filter(([pk]) => unlisted(pk)).sort())
      }),
      { numRuns: 300 }
    )
  })
})
