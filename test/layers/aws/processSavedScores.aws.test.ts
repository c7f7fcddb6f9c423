import { DeleteItemCommand, PutItemCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb"
import { marshall } from "@aws-sdk/util-dynamodb"
import { expect, layer } from "@effect/vitest"
import { Chunk, Effect, Option, Stream } from "effect"
import fc from "fast-check"
import { processSavedScores } from "../../../src/pipelines/processSavedScores/processSavedScores.js"
import { CampaignCounts } from "../../../src/services/CampaignCounts.js"
import { type Counts, zeroCounts } from "../../../src/services/schemas/Counts.js"
import { type DemandItem, demandKeys } from "../../../src/services/schemas/FanScoreItem.js"
import type { TableChange } from "../../../src/services/schemas/TableChange.js"
import { call } from "../../support/awsTestClients.js"
import { DemandTableFixture, type TableChange as StreamRecord } from "../../support/demandTableFixture.js"
import { dynamoCountsLayer, freshCampaign } from "./dynamoCountsSetup.js"

type Op =
  | { readonly kind: "put"; readonly fan: number; readonly isVerified: boolean }
  | { readonly kind: "flip"; readonly fan: number }
  | { readonly kind: "verdict"; readonly fan: number; readonly verdict: boolean | undefined }
  | { readonly kind: "delete"; readonly fan: number }

const fan = fc.nat(11)
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("put" as const), fan, isVerified: fc.boolean() }),
  fc.record({ kind: fc.constant("flip" as const), fan }),
  fc.record({ kind: fc.constant("verdict" as const), fan, verdict: fc.constantFrom(true, false, undefined) }),
  fc.record({ kind: fc.constant("delete" as const), fan })
)
/** How a batch is delivered: once, twice (a whole-batch retry), whole then in halves, or with records repeated in it. */
interface Delivery {
  readonly size: number
  readonly how: "once" | "twice" | "halves" | "repeats"
}
const delivery: fc.Arbitrary<Delivery> = fc.record({
  size: fc.integer({ min: 1, max: 10 }),
  how: fc.constantFrom("once" as const, "twice" as const, "halves" as const, "repeats" as const)
})

/** Applies the operations with plain SDK calls, as the score writers and the selection system would. */
const applyOps = (campaignId: string, ops: ReadonlyArray<Op>) =>
  Effect.gen(function* () {
    const { client, tableName: TableName } = yield* DemandTableFixture
    const isVerified = new Map<number, boolean>()
    const keyOf = (n: number) => marshall({ PK: `${["fan", "sid", "email"][n % 3]}:${n}`, SK: demandKeys.campaign(campaignId) })
    const update = (n: number, UpdateExpression: string, values?: Record<string, unknown>) =>
      call((signal) =>
        client.send(
          new UpdateItemCommand({
            TableName,
            Key: keyOf(n),
            UpdateExpression,
            ...(values === undefined ? {} : { ExpressionAttributeValues: marshall(values) })
          }),
          { abortSignal: signal }
        )
      )
    for (const o of ops) {
      const exists = isVerified.has(o.fan)
      if (o.kind === "put") {
        const Item = { ...keyOf(o.fan), ...marshall({ campaignId, isVerified: o.isVerified, score: 0.5 }) }
        yield* call((signal) => client.send(new PutItemCommand({ TableName, Item }), { abortSignal: signal }))
        isVerified.set(o.fan, o.isVerified)
      } else if (o.kind === "delete") {
        yield* call((signal) => client.send(new DeleteItemCommand({ TableName, Key: keyOf(o.fan) }), { abortSignal: signal }))
        isVerified.delete(o.fan)
      } else if (exists && o.kind === "flip") {
        yield* update(o.fan, "SET isVerified = :v", { ":v": !isVerified.get(o.fan) })
        isVerified.set(o.fan, !isVerified.get(o.fan))
      } else if (exists && o.kind === "verdict") {
        yield* o.verdict === undefined ? update(o.fan, "REMOVE verdict") : update(o.fan, "SET verdict = :v", { ":v": o.verdict })
      }
    }
  })

/** The stream's records of the campaign's items (its fans and its meta items), as the pipeline takes them. */
const campaignChanges = (campaignId: string) =>
  Effect.flatMap(DemandTableFixture, (fixture) => fixture.changes).pipe(
    Effect.map((records) =>
      records
        .filter((r) => r.keys["SK"] === demandKeys.campaign(campaignId) || r.keys["PK"] === demandKeys.campaign(campaignId))
        .map(toTableChange)
    )
  )

const toTableChange = (record: StreamRecord): TableChange => ({
  eventID: record.eventID,
  eventName: record.eventName,
  sequenceNumber: record.sequenceNumber,
  keys: { PK: String(record.keys["PK"]), SK: String(record.keys["SK"]) },
  ...(record.oldImage === undefined ? {} : { oldImage: record.oldImage as DemandItem }),
  ...(record.newImage === undefined ? {} : { newImage: record.newImage as DemandItem })
})

/** The batches as the event source might deliver them: in stream order, some again, whole or split. */
const deliveries = (changes: ReadonlyArray<TableChange>, plan: ReadonlyArray<Delivery>) => {
  const batches: Array<ReadonlyArray<TableChange>> = []
  for (let at = 0, i = 0; at < changes.length; i++) {
    const { size, how } = plan[i % plan.length]!
    const batch = changes.slice(at, at + size)
    at += size
    batches.push(how === "repeats" ? [...batch, ...batch.filter((_, j) => j % 2 === 0)] : batch)
    if (how === "twice") batches.push(batch)
    if (how === "halves") batches.push(batch.slice(0, batch.length >> 1), batch.slice(batch.length >> 1))
  }
  return batches
}

const recount = (fans: ReadonlyArray<DemandItem>): Counts =>
  fans.reduce(
    (sum, item) => ({
      verified: sum.verified + (item["isVerified"] === true ? 1 : 0),
      rejected: sum.rejected + (item["isVerified"] === false ? 1 : 0),
      selected: sum.selected + (item["verdict"] === true ? 1 : 0)
    }),
    zeroCounts
  )

const oneRun = (ops: ReadonlyArray<Op>, plan: ReadonlyArray<Delivery>) =>
  Effect.gen(function* () {
    const counts = yield* CampaignCounts
    const campaignId = freshCampaign("prop")
    yield* applyOps(campaignId, ops)
    const changes = yield* campaignChanges(campaignId)
    for (const batch of deliveries(changes, plan)) {
      expect((yield* processSavedScores({ changes: batch, shard: `${campaignId}/shard` })).retry).toEqual([])
    }
    // The counter's own writes (positions, counts) come back on the stream, and count for nothing.
    const own = (yield* campaignChanges(campaignId)).slice(changes.length)
    expect((yield* processSavedScores({ changes: own, shard: `${campaignId}/shard` })).result).toMatchObject({ records: own.length, ignored: own.length })
    const fans = Chunk.toArray(yield* Stream.runCollect(counts.campaignFans(campaignId)))
    const stored = Option.getOrElse(yield* counts.getCounts(campaignId), () => zeroCounts)
    expect(stored).toMatchObject(recount(fans))
  })

layer(dynamoCountsLayer("saved-scores"), { excludeTestServices: true })("processSavedScores on DynamoDB Local", (it) => {
  it.effect(
    "counts the real stream's changes exactly once, however batches are redelivered, split or repeated",
    () =>
      Effect.gen(function* () {
        const context = yield* Effect.context<CampaignCounts | DemandTableFixture>()
        const property = fc.asyncProperty(
          fc.array(op, { minLength: 1, maxLength: 30 }),
          fc.array(delivery, { minLength: 1, maxLength: 8 }),
          (ops, plan) => Effect.runPromise(oneRun(ops, plan).pipe(Effect.orDie, Effect.provide(context)))
        )
        yield* Effect.promise(() => fc.assert(property, { numRuns: 20 }))
      }),
    120_000
  )
})
