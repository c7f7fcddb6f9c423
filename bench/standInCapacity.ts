import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand as StreamGetRecords, GetShardIteratorCommand as StreamIterator } from "@aws-sdk/client-dynamodb-streams"
import { GetRecordsCommand, GetShardIteratorCommand, KinesisClient, ListShardsCommand } from "@aws-sdk/client-kinesis"
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs"
import { Effect, Layer } from "effect"
import { awsServiceClientConfig } from "../src/layers/aws/clientConfig.js"
import { dynamoCampaignCounts } from "../src/layers/aws/DynamoCampaignCounts.js"
import { commitDelivery } from "../src/pipelines/processSavedScores/commitDelivery.js"
import { counterBatchSize } from "../src/pipelines/processSavedScores/countingPlan.js"
import { CampaignCounts } from "../src/services/CampaignCounts.js"
import { dynamoDemandTable } from "../src/layers/aws/DynamoDemandTable.js"
import { makeDynamoTable } from "../src/layers/aws/DynamoTable.js"
import { kinesisRecordStream, makeKinesisClient } from "../src/layers/aws/KinesisRecordStream.js"
import { localAwsStack } from "../src/local/standIns/aws/localAwsStack.js"
import { scopedClient } from "../src/local/standIns/aws/stackCall.js"
import { fanScoreItemOf } from "../src/pipelines/loadScoresToDynamoDB/fanScoreItem.js"
import type { FanRecord } from "../src/services/schemas/FanRecord.js"

export interface CallCapacity {
  readonly call: string
  readonly itemsPerSecond: number
  readonly items: number
  readonly seconds: number
  readonly concurrency: number
  /** Items the stand-in refused (PutRecords entries with an ErrorCode), not in `items`. */
  readonly rejected?: number
}
export interface StandInCapacityResult { readonly calls: ReadonlyArray<CallCapacity>; readonly slowest: { readonly call: string; readonly itemsPerSecond: number } }

export const calls = {
  created: "PutItem conditional, new fan (created)",
  refused: "PutItem conditional, same fan again (refused, unchanged)",
  counter: "GetItem + TransactWriteItems (counter, a delivery of 1,000 changes)",
  put: "Kinesis PutRecords (500 a batch)",
  get: "Kinesis GetRecords",
  table: "DynamoDB Streams GetRecords",
  sqs: "SQS Send + Receive + DeleteMessageBatch"
} as const

const run = "cbench:scores.csv:1760000000000"
/** A fan record shaped like those of the bench's scrubbed file (21 columns, two ranks): about 690 bytes with its key. */
const fanRecord = (i: number): FanRecord => ({
  campaignId: "cbench", globalUserId: `gu7x${String(i).padStart(9, "0")}`, memberId: `m${i}`, email: `fan.${i}@example.com`,
  score: 0.25 + (i % 89) / 128, localFanscore: (i % 7) / 7, accountFanscore: (i % 13) / 13, bandScore: (i % 10) + 0.5,
  isVerified: i % 3 !== 0, rank: "0",
  events: { "0": { market: "New York, NY", eventId: `ev${100_000 + (i % 900_000)}` }, "1": { market: "Chicago", eventId: `ev${200_000 + (i % 800_000)}` } },
  tags: ["vip"], origin: { nudetect: { score: i % 100, scoreBand: "medium" } },
  phone: `+1555${String(i % 10_000_000).padStart(7, "0")}`, phoneType: "mobile", phoneConfirmedDate: "2025-06-01T12:00:00Z",
  firstName: "Zoë", lastName: "Müller", locale: "en-us",
  __meta: { correlation: "6f1c2a4e-0d7b-4c55-9a8e-2b1f3c4d5e6f", date: 1_760_000_000_000, source: "scrubbed/scores.csv", run }
})
const encoder = new TextEncoder()
export const fanRecordBytes = encoder.encode(JSON.stringify(fanRecord(123_456))).length + fanRecord(123_456).globalUserId.length

const sdk = <A>(send: (signal: AbortSignal) => Promise<A>) => Effect.tryPromise(send)
const indexes = (n: number) => Array.from({ length: n }, (_, i) => i)

type Work<E, R> = (open: () => boolean, done: (n: number, rejected?: number) => void) => Effect.Effect<unknown, E, R>

/** Runs `work` until `seconds` pass (or it runs out); items and seconds up to the last item done. */
const measure = <E, R>(call: string, concurrency: number, seconds: number, work: Work<E, R>) =>
  Effect.suspend(() => {
    const started = performance.now()
    const deadline = started + seconds * 1000
    let [items, rejected, last] = [0, 0, started]
    const done = (n: number, refused = 0) => void ((items += n), (rejected += refused), (last = performance.now()))
    return Effect.map(work(() => performance.now() < deadline, done), (): CallCapacity => {
      const took = (last - started) / 1000
      return { call, itemsPerSecond: took > 0 ? items / took : 0, items, seconds: took, concurrency, ...(rejected > 0 ? { rejected } : {}) }
    })
  })

interface Page { readonly Records?: ReadonlyArray<unknown> | undefined; readonly NextShardIterator?: string | undefined; readonly MillisBehindLatest?: number | undefined }
/** Every shard in turn from its oldest record, page after page, until a page is empty and not behind (as shardTail reads). */
const readShards = <E>(
  open: () => boolean, done: (n: number) => void,
  shards: Effect.Effect<ReadonlyArray<{ readonly ShardId?: string | undefined }> | undefined, E>,
  iterator: (shardId: string) => Effect.Effect<{ readonly ShardIterator?: string | undefined }, E>,
  page: (iterator: string) => Effect.Effect<Page, E>
) =>
  Effect.gen(function* () {
    for (const { ShardId } of (yield* shards) ?? []) {
      let next = ShardId === undefined ? undefined : (yield* iterator(ShardId)).ShardIterator
      while (next !== undefined && open()) {
        const read = yield* page(next)
        const records = read.Records?.length ?? 0
        done(records)
        next = read.NextShardIterator
        if (records === 0 && (read.MillisBehindLatest ?? 0) === 0) break
      }
    }
  })

export interface StandInCapacityOptions {
  /** Seconds of each call kind measured (default 3). */
  readonly seconds?: number
  /** Seconds of new-fan writes first, not measured: DynamoDB Local's JVM takes some 10 s to reach full speed, 3 × its cold rate (default 10). */
  readonly warmUpSeconds?: number
}

/**
 * Each embedded stand-in's own capacity for the calls the default-mode flow makes, one call
 * kind at a time, through the workers' adapters and SDK clients as they configure them, at
 * the concurrency their live layers use. `_root` is taken like the other bench entries; the
 * stand-ins keep their data where localAwsStack puts it.
 */
export const standInCapacity = (_root: string, options: StandInCapacityOptions = {}): Effect.Effect<StandInCapacityResult, unknown> =>
  Effect.scoped(
    Effect.gen(function* () {
      const { seconds = 3, warmUpSeconds = 10 } = options
      const stack = yield* localAwsStack()
      const measured = yield* Effect.gen(function* () {
        const context = yield* makeDynamoTable(stack.resources.demandTable) // maxInFlight 32, the table's retries
        const table = dynamoDemandTable(context)
        const stream = kinesisRecordStream(yield* makeKinesisClient, stack.resources.scoresStream)
        const kinesis = yield* scopedClient(Effect.map(awsServiceClientConfig("KINESIS"), (c) => new KinesisClient(c)))
        const streams = yield* scopedClient(Effect.map(awsServiceClientConfig("DYNAMODB_STREAMS"), (c) => new DynamoDBStreamsClient(c)))
        const sqs = yield* scopedClient(Effect.map(awsServiceClientConfig("SQS"), (c) => new SQSClient(c)))
        const upsert = (i: number) => table.upsertStamped(fanScoreItemOf(fanRecord(i)), { run, record: `shardId-000000000000/${i}` })
        const out: Array<CallCapacity> = []
        // (1) loadScoresToDynamoDB: 16 items at once (its default concurrency; the table allows 32), new fans from `from` on.
        const create = (from: number): Work<unknown, never> => (open, done) =>
          Effect.forEach(indexes(200_000), (i) => (open() ? Effect.map(upsert(from + i), () => done(1)) : Effect.void), { concurrency: 16, discard: true })
        yield* measure("warm-up", 16, warmUpSeconds, create(10_000_000))
        const created = yield* measure(calls.created, 16, seconds, create(0))
        out.push(created)
        out.push(yield* measure(calls.refused, 16, seconds, (open, done) =>
          Effect.forEach(indexes(created.items), (i) => (open() ? Effect.map(upsert(i), (r) => done(r.outcome === "unchanged" ? 1 : 0)) : Effect.void), { concurrency: 16, discard: true })))
        // (2) processSavedScores: deliveries of 1,000 changes (its mapping's batch) of one campaign on one shard, one at a time.
        const counts = Layer.succeed(CampaignCounts, dynamoCampaignCounts(context))
        let delivered = 0
        const delivery = () =>
          indexes(counterBatchSize).map((j) => ({
            campaignId: "cbench",
            eventID: `e${delivered}-${j}`,
            sequenceNumber: String(1_000_000 + delivered * counterBatchSize + j),
            delta: { verified: 1, rejected: 0, selected: 0 },
            run
          }))
        out.push(yield* measure(calls.counter, 1, seconds, (open, done) =>
          Effect.whileLoop({
            while: open,
            body: () => Effect.provide(commitDelivery("bench/shardId-1", delivery()), counts),
            step: (counted) => void (delivered++, done(counted.applied))
          })))
        // (3) loadScoresToStream: batches of 500 records, 4 PutRecords in flight (deliverySink).
        const batch = (b: number) => indexes(500).map((j) => ({ partitionKey: fanRecord(b * 500 + j).globalUserId, data: encoder.encode(JSON.stringify(fanRecord(b * 500 + j))) }))
        const put = (from: number): Work<unknown, never> => (open, done) =>
          Effect.forEach(indexes(2_000), (b) => (open() ? Effect.map(stream.putRecords(batch(from + b)), (o) => {
            const accepted = o.filter((x) => x.accepted).length
            done(accepted, o.length - accepted)
          }) : Effect.void), { concurrency: 4, discard: true })
        // From an empty shard, as a run's load starts: kinesis-mock's PutRecords slows as its shard fills
        // (a batch of 500 took 0.9 s into an empty shard, 2.7 s into one of 7,000 records), so no warm-up here.
        out.push(yield* measure(calls.put, 4, seconds, put(0)))
        // (4) kinesisTail: each shard in turn from the oldest record (what (3) put), 10,000 a call.
        const scores = stack.resources.scoresStream
        out.push(yield* measure(calls.get, 1, seconds, (open, done) =>
          readShards(open, done,
            Effect.map(sdk((signal) => kinesis.send(new ListShardsCommand({ StreamName: scores }), { abortSignal: signal })), (o) => o.Shards),
            (ShardId) => sdk((signal) => kinesis.send(new GetShardIteratorCommand({ StreamName: scores, ShardId, ShardIteratorType: "TRIM_HORIZON" }), { abortSignal: signal })),
            (ShardIterator) => sdk((signal) => kinesis.send(new GetRecordsCommand({ ShardIterator, Limit: 10_000 }), { abortSignal: signal })))))
        // (5) tableStreamTail: the table's changes of (1) and (2), each shard in turn, 1,000 a call.
        const arn = stack.tableStreamArn
        out.push(yield* measure(calls.table, 1, seconds, (open, done) =>
          readShards(open, done,
            Effect.map(sdk((signal) => streams.send(new DescribeStreamCommand({ StreamArn: arn }), { abortSignal: signal })), (o) => o.StreamDescription?.Shards),
            (ShardId) => sdk((signal) => streams.send(new StreamIterator({ StreamArn: arn, ShardId, ShardIteratorType: "TRIM_HORIZON" }), { abortSignal: signal })),
            (ShardIterator) => sdk((signal) => streams.send(new StreamGetRecords({ ShardIterator, Limit: 1_000 }), { abortSignal: signal })))))
        // (6) The verdict queue: one SendMessage at a time (SqsVerdictQueue), received 10 at a time and deleted in a batch (sqsInbox).
        const queueUrl = stack.queueUrl
        out.push(yield* measure(calls.sqs, 1, seconds, (open, done) =>
          Effect.whileLoop({
            while: open,
            body: () => Effect.gen(function* () {
              for (const i of indexes(10)) yield* sdk((signal) => sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ campaignId: "cbench", count: i, run }) }), { abortSignal: signal }))
              let settled = 0
              for (let tries = 0; settled < 10 && tries < 20; tries++) {
                const got = yield* sdk((signal) => sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, MessageSystemAttributeNames: ["All"], MessageAttributeNames: ["All"] }), { abortSignal: signal }))
                const messages = got.Messages ?? []
                if (messages.length > 0) yield* sdk((signal) => sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: messages.map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle ?? "" })) }), { abortSignal: signal }))
                settled += messages.length
              }
              return settled
            }),
            step: done
          })))
        return out
      }).pipe(Effect.withConfigProvider(stack.configProvider))
      const slowest = measured.reduce((a, b) => (b.itemsPerSecond < a.itemsPerSecond ? b : a))
      return { calls: measured, slowest: { call: slowest.call, itemsPerSecond: slowest.itemsPerSecond } }
    })
  )
