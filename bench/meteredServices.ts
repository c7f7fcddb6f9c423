import { Context, Effect, Option, Stream } from "effect"
import type { AwsSideServices } from "../src/local/cli/flow/FlowSide.js"
import { CampaignCounts } from "../src/services/CampaignCounts.js"
import { DemandTable, type UpsertOutcome, type UpsertResult } from "../src/services/DemandTable.js"
import { CampaignDataStream, type RecordStream, ScoresStream } from "../src/services/RecordStream.js"
import { ReportLedger } from "../src/services/ReportLedger.js"
import { RunProgress, runKey } from "../src/services/RunProgress.js"
import { type DemandItem, demandKeys, type ItemKey } from "../src/services/schemas/FanScoreItem.js"
import { VerdictQueue } from "../src/services/VerdictQueue.js"
import { itemSizeBytes, readUnits, sqsRequests, type UsageMeter, writeUnits } from "./awsCost.js"

const size = (item: DemandItem | undefined) => (item === undefined ? 0 : itemSizeBytes(item))
/** The TTL attribute the live layers add to positions, markers and runs' progress (`expiresAt`, epoch seconds). */
const ttl = { expiresAt: 1_800_000_000 }
const ttlBytes = itemSizeBytes(ttl)

/** CPU seconds of the process so far (every thread). */
export const cpuNow = () => {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1e6
}

/**
 * The flow's ports over the in-memory ones, each call counted as its live layer would call
 * AWS (src/layers/aws): the sizes come from the items the in-memory table holds before and after.
 * `mark` is told of each call of the table writer's (loadScoresToDynamoDB's) own.
 */
export const meteredServices = (services: Context.Context<AwsSideServices>, meter: UsageMeter, mark: () => void) => {
  const table = Context.get(services, DemandTable)
  /** An item and its size, read without counting (the CPU it takes is the metering's, not a function's). */
  const stored = (key: ItemKey) =>
    Effect.suspend(() => {
      const started = cpuNow()
      return Effect.map(table.getItem(key), (found) => {
        const item = Option.getOrUndefined(found)
        const bytes = size(item)
        meter.meteringCpuSeconds += cpuNow() - started
        return { item, bytes }
      })
    })
  /** A write of one item (UpdateItem, DeleteItem): units of the larger of its sizes before and after; a refused one, before. */
  const written = <A, E>(name: string, key: ItemKey, write: Effect.Effect<A, E>, extra = 0) =>
    Effect.gen(function* () {
      const before = yield* stored(key)
      const done = yield* write
      meter.call(name, { wru: writeUnits(Math.max(before.bytes, (yield* stored(key)).bytes) + extra) })
      return done
    })
  const read = <A, E>(name: string, key: ItemKey, get: Effect.Effect<A, E>) =>
    Effect.tap(get, () => Effect.map(stored(key), ({ bytes }) => meter.call(name, { rru: readUnits(bytes) })))
  const upserted = <A extends UpsertResult | UpsertOutcome, E>(key: ItemKey, write: Effect.Effect<A, E>) =>
    Effect.gen(function* () {
      mark()
      const before = yield* stored(key)
      const done = yield* write
      const after = yield* stored(key)
      const flips = before.item !== undefined && before.item["isVerified"] !== after.item?.["isVerified"]
      meter.upsert(typeof done === "string" ? done : done.outcome, before.bytes, after.bytes, flips)
      return done
    })
  const campaign = (id: string, SK: string) => ({ PK: demandKeys.campaign(id), SK })

  /**
   * commitCounting as dynamoCommitCounting.ts sends it: one transaction of the position,
   * the markers (a ConditionCheck each, billed as a write, or a Put), each campaign's counts
   * and each run's progress, 2 WRU a KB an action (of the larger of each item's sizes before
   * and after). A cancelled one is assumed billed for its prepare phase (1 WRU a KB an action).
   */
  const commitCounting = (counts: CampaignCounts["Type"]): CampaignCounts["Type"]["commitCounting"] => (commit) =>
    Effect.gen(function* () {
      const keys = [
        ...(commit.guard._tag === "Position" ? [{ PK: demandKeys.shard(commit.guard.shard), SK: demandKeys.position }] : []),
        ...commit.markers.map(({ campaignId, eventID }) => campaign(campaignId, demandKeys.applied(eventID))),
        ...commit.counts.map(({ campaignId }) => campaign(campaignId, demandKeys.counts)),
        ...commit.counted.map(({ campaignId, run }) => campaign(campaignId, runKey(run)))
      ]
      const before = yield* Effect.forEach(keys, (key) => Effect.map(stored(key), ({ bytes }) => bytes))
      const outcome = yield* counts.commitCounting(commit)
      const after = yield* Effect.forEach(keys, (key) => Effect.map(stored(key), ({ bytes }) => bytes))
      // A marker looked at is absent: its key's size; the position and markers carry a TTL.
      const sizes = keys.map((key, i) => Math.max(before[i]!, after[i]!, itemSizeBytes(key) + (i < keys.length - commit.counts.length - commit.counted.length ? ttlBytes : 0)))
      const units = (transactional: boolean) => sizes.reduce((sum, bytes) => sum + writeUnits(bytes, transactional), 0)
      if (outcome._tag !== "Committed") {
        meter.call("counts: TransactWriteItems cancelled", { wru: units(false) })
        return outcome
      }
      meter.call("counts: TransactWriteItems", { wru: units(true) })
      // The naive design reads and writes the counts once a counted change (every counted change of a load is a run's).
      const changes = commit.counted.reduce((sum, run) => sum + run.changes, 0)
      const countsBytes = Math.max(0, ...commit.counts.map((_, i) => after[keys.length - commit.counted.length - commit.counts.length + i]!))
      meter.naive.countsRru += changes * readUnits(countsBytes)
      meter.naive.countsWru += changes * writeUnits(countsBytes)
      return outcome
    })

  const stream = (inner: RecordStream, consumers: number): RecordStream => ({
    ...inner,
    putRecords: (entries) => {
      meter.kinesisPut(entries.map((entry) => entry.data.byteLength + Buffer.byteLength(entry.partitionKey)), consumers)
      return inner.putRecords(entries)
    }
  })
  const counts = Context.get(services, CampaignCounts)
  const ledger = Context.get(services, ReportLedger)
  const progress = Context.get(services, RunProgress)
  const queue = Context.get(services, VerdictQueue)
  const report = (id: string) => campaign(id, demandKeys.slackCounts)
  return services.pipe(
    Context.add(DemandTable, {
      ...table,
      upsertStamped: (item, stamp) => upserted(item, table.upsertStamped(item, stamp)),
      upsertFanScore: (item) => upserted(item, table.upsertFanScore(item)),
      getItem: (key) => read("table: GetItem", key, table.getItem(key)),
      queryPartition: (pk) => Effect.tap(table.queryPartition(pk), (items) => meter.call("table: Query", { rru: readUnits(items.reduce((sum, item) => sum + size(item), 0)) }))
    }),
    Context.add(CampaignCounts, {
      getCounts: (id) => read("counts: GetItem", campaign(id, demandKeys.counts), counts.getCounts(id)),
      setCounts: (id, values, version) => written("counts: UpdateItem", campaign(id, demandKeys.counts), counts.setCounts(id, values, version)),
      shardPosition: (shard) => read("counts: GetItem position", { PK: demandKeys.shard(shard), SK: demandKeys.position }, counts.shardPosition(shard)),
      commitCounting: commitCounting(counts),
      changedCampaigns: (since) => Effect.tap(counts.changedCampaigns(since), (ids) => meter.call("index: byChangeDay Query", { rru: readUnits(ids.length * 64, "eventual") })),
      // A Query of the byCampaign index (eventually consistent): only the projected attributes are read.
      campaignFans: (id) => {
        let bytes = 0
        const projected = (item: DemandItem) => itemSizeBytes({ PK: item.PK, SK: item.SK, campaignId: item["campaignId"], isVerified: item["isVerified"], verdict: item["verdict"], globalUserId: item["globalUserId"], memberId: item["memberId"], email: item["email"] })
        return counts.campaignFans(id).pipe(Stream.tap((item) => Effect.sync(() => void (bytes += projected(item)))), Stream.ensuring(Effect.sync(() => meter.call("index: byCampaign Query", { rru: readUnits(bytes, "eventual") }))))
      }
    }),
    Context.add(ReportLedger, {
      lastReport: (id) => read("report: GetItem", report(id), ledger.lastReport(id)),
      claimReport: (id, request, claim, until) => written("report: UpdateItem", report(id), ledger.claimReport(id, request, claim, until)),
      confirmReport: (id, claim, posted) => written("report: UpdateItem", report(id), ledger.confirmReport(id, claim, posted)),
      releaseReport: (id, claim, previous) => written("report: UpdateItem or DeleteItem", report(id), ledger.releaseReport(id, claim, previous))
    }),
    Context.add(RunProgress, {
      recordShardWrites: (writes) =>
        Effect.zipRight(Effect.sync(mark), written("progress: UpdateItem", campaign(writes.campaignId, runKey(writes.run)), progress.recordShardWrites(writes), ttlBytes)),
      recordFileWrites: (writes) => written("progress: UpdateItem", campaign(writes.campaignId, runKey(writes.run)), progress.recordFileWrites(writes), ttlBytes),
      progress: (id, run) => read("progress: GetItem", campaign(id, runKey(run)), progress.progress(id, run)),
      recordedUpTo: (id, run) => read("progress: GetItem", campaign(id, runKey(run)), progress.recordedUpTo(id, run))
    }),
    // The scores stream has two consumers (loadScoresToDynamoDB, saveEntryScoring); nothing reads the campaign data stream.
    Context.add(ScoresStream, stream(Context.get(services, ScoresStream), 2)),
    Context.add(CampaignDataStream, stream(Context.get(services, CampaignDataStream), 0)),
    Context.add(VerdictQueue, {
      send: (message, delay) => Effect.tap(queue.send(message, delay), () => void (meter.sqs.send += sqsRequests(Buffer.byteLength(JSON.stringify(message)))))
    })
  )
}
