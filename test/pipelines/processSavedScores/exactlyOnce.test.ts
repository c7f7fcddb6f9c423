import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Option } from "effect"
import fc from "fast-check"
import { memoryCampaignCounts } from "../../../src/local/memory/MemoryCampaignCounts.js"
import { MemoryDemandTable } from "../../../src/local/memory/MemoryDemandTable.js"
import { processSavedScores } from "../../../src/pipelines/processSavedScores/processSavedScores.js"
import { CampaignCounts } from "../../../src/services/CampaignCounts.js"
import { DemandTableError } from "../../../src/services/errors.js"
import type { TableChange } from "../../../src/services/schemas/TableChange.js"

type Op = { fan: number; campaign: number; remove: boolean; isVerified: boolean; verdict: boolean | undefined }

const op = fc.record({
  fan: fc.integer({ min: 0, max: 6 }),
  campaign: fc.integer({ min: 0, max: 1 }),
  remove: fc.integer({ min: 0, max: 6 }).map((n) => n === 0),
  isVerified: fc.boolean(),
  verdict: fc.constantFrom(true, false, undefined)
})

const apply = (table: MemoryDemandTable, { fan, campaign, remove, isVerified, verdict }: Op) => {
  const key = { PK: `${["fan", "sid", "email"][fan % 3]}:${fan}`, SK: `campaign:c${campaign}` }
  if (remove) table.deleteItem(key)
  else table.putItem({ ...key, isVerified, ...(verdict === undefined ? {} : { verdict }) })
}

/** Batches of a delivery plan: each may come again whole, or split in halves, in any order. */
const deliveries = (changes: ReadonlyArray<TableChange>, plan: ReadonlyArray<number>): Array<ReadonlyArray<TableChange>> => {
  const batches: Array<ReadonlyArray<TableChange>> = []
  for (let at = 0, i = 0; at < changes.length; i++) {
    const size = 1 + ((plan[i % plan.length] ?? 0) % 7)
    const batch = changes.slice(at, at + size)
    at += size
    batches.push(batch)
    const how = (plan[(i + 1) % plan.length] ?? 0) % 4
    if (how === 1) batches.push(batch)
    if (how === 2) batches.push(batch.slice(0, batch.length >> 1), batch.slice(batch.length >> 1))
  }
  return batches.sort((a, b) => ((a[0]?.sequenceNumber ?? "") < (b[0]?.sequenceNumber ?? "") ? -1 : 1))
}

const recount = (table: MemoryDemandTable, campaign: string) =>
  table.allItems().filter((item) => item.SK === `campaign:${campaign}`).reduce(
    (sum, item) => ({
      verified: sum.verified + (item.isVerified === true ? 1 : 0),
      rejected: sum.rejected + (item.isVerified === false ? 1 : 0),
      selected: sum.selected + (item.verdict === true ? 1 : 0)
    }),
    { verified: 0, rejected: 0, selected: 0 }
  )

const injected = new DemandTableError({ table: "t", operation: "TransactWriteItems", reason: "injected" })

/**
 * The counts port with faults: a commit may fail before it is applied, or after (its reply
 * lost); every call yields first, so deliveries given at once interleave between calls.
 */
const flakyCounts = (counts: CampaignCounts["Type"], faults: ReadonlyArray<number>) => {
  let call = 0
  return CampaignCounts.of({
    ...counts,
    shardPosition: (shard) => Effect.zipRight(Effect.yieldNow(), counts.shardPosition(shard)),
    commitCounting: (commit) =>
      Effect.zipRight(
        Effect.yieldNow(),
        Effect.suspend(() => {
          const fault = faults[call++] ?? 0
          if (fault === 1) return Effect.fail(injected)
          return fault === 2 ? Effect.zipRight(counts.commitCounting(commit), Effect.fail(injected)) : counts.commitCounting(commit)
        })
      )
  })
}

describe("processSavedScores counts exactly once (SPEC §5)", () => {
  it("gives the counts of the final table for any changes, however they are redelivered, split, overlapped or failed, across a shard split and the upgrade from markers", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { maxLength: 40 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 20 }),
        fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 30 }),
        fc.nat({ max: 12 }),
        fc.boolean(),
        fc.nat({ max: 40 }),
        async (ops, plan, faults, namedFrom, overlap, splitAt) => {
          const table = new MemoryDemandTable()
          for (const o of ops) apply(table, o)
          const changes = [...table.changes]
          const counts = memoryCampaignCounts(table)
          // Deliveries before `namedFrom` do not name their shard (markers, as the design before positions); the later ones do.
          // The shard splits at `splitAt`: its changes from there on are on a child shard, delivered after the parent's.
          const deliver = (batch: ReadonlyArray<TableChange>, index: number) =>
            Effect.gen(function* () {
              let pending = batch
              const child = batch.length > 0 && Number(batch[0]!.sequenceNumber) >= Number(changes[splitAt]?.sequenceNumber ?? Infinity)
              const shard = index >= namedFrom ? { shard: child ? "s/shardId-2" : "s/shardId-1" } : {}
              for (let attempt = 0; pending.length > 0 && attempt < 50; attempt++) {
                const { retry } = yield* processSavedScores({ changes: pending, ...shard })
                const first = pending.findIndex((c) => retry.includes(c.sequenceNumber))
                pending = first === -1 ? [] : pending.slice(first)
              }
            })
          const layer = Layer.succeed(CampaignCounts, flakyCounts(counts, faults))
          const cut = Math.min(splitAt, changes.length)
          const batches = [...deliveries(changes.slice(0, cut), plan), ...deliveries(changes.slice(cut), plan)]
          // An overlapping duplicate invocation: each delivery given twice at once.
          const each = (batch: ReadonlyArray<TableChange>, i: number) =>
            overlap ? Effect.all([deliver(batch, i), deliver(batch, i)], { concurrency: 2, discard: true }) : deliver(batch, i)
          await Effect.runPromise(Effect.forEach(batches, each, { discard: true }).pipe(Effect.provide(layer)))
          // The counter's own writes (positions, markers, counts) come through the stream too, and count for nothing.
          const own = { changes: table.changes.slice(changes.length), shard: "s/shardId-1" }
          await Effect.runPromise(processSavedScores(own).pipe(Effect.provide(Layer.succeed(CampaignCounts, counts))))
          for (const campaign of ["c0", "c1"]) {
            const stored = Option.getOrElse(await Effect.runPromise(counts.getCounts(campaign)), () => ({ verified: 0, rejected: 0, selected: 0 }))
            expect(stored).toMatchObject(recount(table, campaign))
          }
        }
      ),
      { numRuns: 300 }
    )
  })
})
