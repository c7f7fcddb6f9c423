import { expect, layer } from "@effect/vitest"
import { Effect, Option } from "effect"
import { transactionChunks } from "../../../src/layers/aws/dynamoAddToCounts.js"
import { CampaignCounts } from "../../../src/services/CampaignCounts.js"
import { RunProgress } from "../../../src/services/RunProgress.js"
import type { CountChange } from "../../../src/services/schemas/Counts.js"
import { dynamoCountsLayer, freshCampaign } from "./dynamoCountsSetup.js"

/** A run's progress on DynamoDB Local: ranges recorded once per shard, counted in the counter's transaction. */

const progress = (campaignId: string, run: string) => Effect.flatMap(RunProgress, (p) => p.progress(campaignId, run))
const writes = (campaignId: string, first: string, last: string, moved: number, marks: ReadonlyArray<string> = []) =>
  Effect.flatMap(RunProgress, (p) => p.recordShardWrites({ campaignId, run: "r1", shardId: "shardId-000000000000", first, last, moved, marks }))
const change = (eventID: string, run?: string): CountChange => ({ eventID, delta: { verified: 1, rejected: 0, selected: 0 }, ...(run === undefined ? {} : { run }) })

layer(dynamoCountsLayer("run-progress"), { excludeTestServices: true })("DynamoRunProgress", (it) => {
  it.effect("records a shard's range once: a delivery that starts at or before the last range recorded adds nothing", () =>
    Effect.gen(function* () {
      const campaignId = freshCampaign("ranges")
      expect(yield* progress(campaignId, "r1")).toEqual(Option.none())
      yield* writes(campaignId, "49590000000000000000000000000000000000000000000000000001", "49590000000000000000000000000000000000000000000000000100", 40)
      yield* writes(campaignId, "49590000000000000000000000000000000000000000000000000001", "49590000000000000000000000000000000000000000000000000100", 40)
      yield* writes(campaignId, "49590000000000000000000000000000000000000000000000000050", "49590000000000000000000000000000000000000000000000000100", 9)
      // Sequence numbers of other lengths compare as numbers (padded), not as text.
      yield* writes(campaignId, "49590000000000000000000000000000000000000000000000000101", "49590000000000000000000000000000000000000000000000000999", 2, ["l/s"])
      expect(yield* progress(campaignId, "r1")).toEqual(Option.some({ expected: 42, counted: 0, marks: ["l/s"] }))
    }))

  it.effect("counts a run's changes in the counts' own transaction, exactly once under redelivery", () =>
    Effect.gen(function* () {
      const campaignId = freshCampaign("counted")
      const counts = yield* CampaignCounts
      const changes = [change("e1", "r1"), change("e2", "r1"), change("e3", "r2"), change("e4")]
      yield* counts.addToCounts(campaignId, changes)
      yield* counts.addToCounts(campaignId, [...changes, change("e5", "r1")])
      expect(yield* progress(campaignId, "r1")).toEqual(Option.some({ expected: 0, counted: 3, marks: [] }))
      expect(yield* progress(campaignId, "r2")).toEqual(Option.some({ expected: 0, counted: 1, marks: [] }))
      expect(yield* counts.getCounts(campaignId)).toEqual(Option.some({ verified: 5, rejected: 0, selected: 0 }))
    }))

  it.effect("sets a whole file's writes (the same on a retry of its load) and adds its mark", () =>
    Effect.gen(function* () {
      const campaignId = freshCampaign("file")
      const record = (loadId: string) => Effect.flatMap(RunProgress, (p) => p.recordFileWrites({ campaignId, run: "f1", loadId, moved: 7 }))
      yield* record("a")
      yield* record("b")
      expect(yield* progress(campaignId, "f1")).toEqual(Option.some({ expected: 7, counted: 0, marks: expect.arrayContaining(["a/file", "b/file"]) }))
    }))

  it("keeps each transaction within 100 actions: markers, the counts, one update per run", () => {
    const many = Array.from({ length: 250 }, (_, i) => change(`e${i}`, `r${i % 7}`))
    const chunks = transactionChunks(many)
    for (const chunk of chunks) expect(chunk.length + 1 + new Set(chunk.map((c) => c.run)).size).toBeLessThanOrEqual(100)
    expect(chunks.flat()).toEqual(many)
  })
})
