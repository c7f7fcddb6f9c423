import { expect, layer } from "@effect/vitest"
import { Effect, Layer, Option } from "effect"
import { inject } from "vitest"
import { dynamoDemandTable } from "../../../src/layers/aws/DynamoDemandTable.js"
import { makeDynamoTable } from "../../../src/layers/aws/DynamoTable.js"
import { fanScoreItemOf } from "../../../src/pipelines/loadScoresToDynamoDB/fanScoreItem.js"
import { loadScoresToDynamoDB } from "../../../src/pipelines/loadScoresToDynamoDB/loadScoresToDynamoDB.js"
import { commitDelivery } from "../../../src/pipelines/processSavedScores/commitDelivery.js"
import type { CountedChange } from "../../../src/pipelines/processSavedScores/countingPlan.js"
import { processSavedScores } from "../../../src/pipelines/processSavedScores/processSavedScores.js"
import type { IncomingRecord } from "../../../src/pipelines/delivery/incomingRecords.js"
import { CampaignCounts } from "../../../src/services/CampaignCounts.js"
import { DemandTable } from "../../../src/services/DemandTable.js"
import { DemandTableError } from "../../../src/services/errors.js"
import { isRunCounted, RunProgress } from "../../../src/services/RunProgress.js"
import { endOfFileJson } from "../../../src/services/schemas/EndOfFile.js"
import type { TableChange } from "../../../src/services/schemas/TableChange.js"
import { awsTestConfig, uniqueName } from "../../support/awsTestConfig.js"
import { DemandTableFixture, demandTableFixture } from "../../support/demandTableFixture.js"
import { fanRecord } from "../../pipelines/fanRecordFixture.js"
import { countsAdapters, dynamoCountsLayer, freshCampaign } from "./dynamoCountsSetup.js"

/** A run's progress on DynamoDB Local as the counter adds to it (the port's own behaviour: DynamoRunProgressContract.test.ts). */

const progress = (campaignId: string, run: string) => Effect.flatMap(RunProgress, (p) => p.progress(campaignId, run))
const change = (n: number, run?: string): CountedChange => ({
  campaignId: "",
  eventID: `e${n}`,
  sequenceNumber: String(n),
  delta: { verified: 1, rejected: 0, selected: 0 },
  ...(run === undefined ? {} : { run })
})

layer(dynamoCountsLayer("run-progress"), { excludeTestServices: true })("DynamoRunProgress", (it) => {
  it.effect("counts a run's changes in the counts' own transaction, exactly once under redelivery", () =>
    Effect.gen(function* () {
      const campaignId = freshCampaign("counted")
      const of = (changes: ReadonlyArray<CountedChange>) => commitDelivery(`${campaignId}/shard`, changes.map((c) => ({ ...c, campaignId })))
      const changes = [change(1, "r1"), change(2, "r1"), change(3, "r2"), change(4)]
      yield* of(changes)
      yield* of([...changes, change(5, "r1")])
      expect(yield* progress(campaignId, "r1")).toEqual(Option.some({ expected: 0, counted: 3, marks: [], changedAt: expect.any(Number) }))
      expect(yield* progress(campaignId, "r2")).toEqual(Option.some({ expected: 0, counted: 1, marks: [], changedAt: expect.any(Number) }))
      expect(Option.getOrThrow(yield* Effect.flatMap(CampaignCounts, (counts) => counts.getCounts(campaignId)))).toMatchObject({ verified: 5, rejected: 0, selected: 0 })
    }))

  it.effect("lists a campaign whose runs' writes a writer recorded, though the counter never counted them (the drift check's campaigns)", () =>
    Effect.gen(function* () {
      const [byShard, byFile, untouched] = [freshCampaign("written"), freshCampaign("file-written"), freshCampaign("untouched")]
      const runs = yield* RunProgress
      yield* runs.recordShardWrites({ campaignId: byShard, run: "r1", shardId: "shardId-0", first: "1", last: "2", moved: 2, marks: [] })
      yield* runs.recordFileWrites({ campaignId: byFile, run: "f1", loadId: "l1", moved: 1 })
      const counts = yield* CampaignCounts
      const listed = yield* counts.changedCampaigns(Date.now() - 60_000)
      expect(listed).toEqual(expect.arrayContaining([byShard, byFile]))
      expect(listed).not.toContain(untouched)
      expect(yield* counts.getCounts(byShard)).toEqual(Option.none())
    }))
})

/** The loader, the counter and both adapters on one DynamoDB Local table and its stream. */
const endpoint = inject("awsEndpoints").dynamodb
const sharedTable = uniqueName("runs-interleaved")
const wholeFlow = Layer.mergeAll(
  demandTableFixture(endpoint, sharedTable),
  countsAdapters(sharedTable, endpoint),
  Layer.scoped(DemandTable, Effect.map(makeDynamoTable(sharedTable), (table) => dynamoDemandTable(table))).pipe(Layer.provide(awsTestConfig({ AWS_ENDPOINT_URL: endpoint })))
)

const shardId = "shardId-000000000001"
const encode = (value: unknown) => new TextEncoder().encode(typeof value === "string" ? value : JSON.stringify(value))
const sequence = (n: number) => String(n).padStart(30, "0")

/** A scrubbed file of `run` on one shard from sequence number `from` on: fans g0…g(n-1), verified, then the load's mark. */
const shardRecords = (campaignId: string, run: string, n: number, from = 1): Array<IncomingRecord> => {
  const meta = { correlation: "00000000-0000-4000-8000-000000000000", date: 1, source: "s3://b/scrubbed", run }
  return [
    ...Array.from({ length: n }, (_, i) => ({ sequenceNumber: sequence(from + i), shardId, data: encode(fanRecord(`g${i}`, { campaignId, __meta: meta })) })),
    { sequenceNumber: sequence(from + n), shardId, data: encode(endOfFileJson({ campaignId, run, loadId: `load-${run}` })) }
  ]
}

/** The writer as a Lambda invocation over a table that loses the reply of the PKs given (the write applied). */
const deliver = (records: ReadonlyArray<IncomingRecord>, repliesLost: ReadonlySet<string> = new Set()) =>
  Effect.flatMap(DemandTable, (table) => {
    const faulty = DemandTable.of({
      ...table,
      upsertStamped: (item, stamp) =>
        repliesLost.has(item.PK)
          ? Effect.zipRight(table.upsertStamped(item, stamp), Effect.fail(new DemandTableError({ table: "t", operation: "PutItem", reason: "lost reply" })))
          : table.upsertStamped(item, stamp)
    })
    return loadScoresToDynamoDB(records).pipe(Effect.provideService(DemandTable, faulty))
  })

/** Another run (a fanlist) rejects the fans given, each by a line of its own, and records its file's writes. */
const fanlistRejects = (campaignId: string, fans: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const table = yield* DemandTable
    let moved = 0
    for (const [line, fan] of fans.entries()) {
      const item = { ...fanScoreItemOf(fanRecord(fan, { campaignId, isVerified: false })), source: "fanlist" as const }
      if ((yield* table.upsertStamped(item, { run: "fanlist-run", record: `line:${line + 2}` })).moves) moved++
    }
    yield* Effect.flatMap(RunProgress, (p) => p.recordFileWrites({ campaignId, run: "fanlist-run", loadId: "fanlist-load", moved }))
  })

/** The counter over the campaign's changes on the table's stream, then each run's progress, the counts and a recount. */
const countedAndRecounted = (campaignId: string) =>
  Effect.gen(function* () {
    const { changes } = yield* DemandTableFixture
    const fans = (yield* changes).filter((change) => change.keys["SK"] === `campaign:${campaignId}`) as unknown as ReadonlyArray<TableChange>
    yield* processSavedScores({ changes: fans, shard: `${campaignId}/shard` })
    const items = fans.flatMap((change) => (change.newImage === undefined ? [] : [change.newImage]))
    const last = new Map(items.map((item) => [item.PK, item]))
    const recount = [...last.values()].reduce(
      (sum, item) => ({ verified: sum.verified + (item.isVerified === true ? 1 : 0), rejected: sum.rejected + (item.isVerified === false ? 1 : 0) }),
      { verified: 0, rejected: 0 }
    )
    const { verified, rejected } = Option.getOrThrow(yield* Effect.flatMap(CampaignCounts, (c) => c.getCounts(campaignId)))
    return {
      scrubbed: Option.getOrThrow(yield* progress(campaignId, "scrubbed-run")),
      fanlist: Option.getOrThrow(yield* progress(campaignId, "fanlist-run")),
      counts: { verified, rejected },
      recount,
      g0: last.get("fan:g0")
    }
  })

layer(wholeFlow, { excludeTestServices: true })("a run's evidence on DynamoDB with another run writing its fans", (it) => {
  it.effect("a delivery that comes again after a fanlist flipped its fans writes nothing and counts nothing more", () =>
    Effect.gen(function* () {
      const campaignId = freshCampaign("redelivered")
      const records = shardRecords(campaignId, "scrubbed-run", 3)
      yield* deliver(records)
      yield* fanlistRejects(campaignId, ["g0", "g1"])
      yield* deliver(records)
      const { scrubbed, fanlist, counts, recount, g0 } = yield* countedAndRecounted(campaignId)
      expect([scrubbed.counted, scrubbed.expected, fanlist.counted, fanlist.expected]).toEqual([3, 3, 2, 2])
      expect(isRunCounted(scrubbed, "load-scrubbed-run", 1)).toBe(true)
      expect(counts).toEqual(recount)
      expect(g0?.isVerified).toBe(false)
    }))

  it.effect("a write whose reply was lost, redelivered after a fanlist flipped the fan, counts once", () =>
    Effect.gen(function* () {
      const campaignId = freshCampaign("lost-reply")
      const records = shardRecords(campaignId, "scrubbed-run", 3)
      const first = yield* deliver(records, new Set(["fan:g1"]))
      expect(first.retry).toEqual([records[1]!.sequenceNumber])
      yield* fanlistRejects(campaignId, ["g1", "g2"])
      yield* deliver(records.slice(1))
      const { scrubbed, fanlist, counts, recount } = yield* countedAndRecounted(campaignId)
      expect([scrubbed.counted, scrubbed.expected, fanlist.counted, fanlist.expected]).toEqual([3, 3, 2, 2])
      expect(counts).toEqual(recount)
    }))

  it.effect("a recorded delivery given again after a fanlist changed a fan it left unchanged leaves the fan be", () =>
    Effect.gen(function* () {
      const campaignId = freshCampaign("recorded")
      yield* deliver(shardRecords(campaignId, "earlier-run", 3))
      const records = shardRecords(campaignId, "scrubbed-run", 3, 10)
      yield* deliver(records)
      yield* fanlistRejects(campaignId, ["g0"])
      const again = yield* deliver(records)
      expect(again.result).toMatchObject({ unchanged: 3, updated: 0 })
      const { scrubbed, counts, recount, g0 } = yield* countedAndRecounted(campaignId)
      expect([scrubbed.counted, scrubbed.expected]).toEqual([0, 0])
      expect(isRunCounted(scrubbed, "load-scrubbed-run", 1)).toBe(true)
      expect(counts).toEqual(recount)
      expect(g0?.isVerified).toBe(false)
    }))
})
