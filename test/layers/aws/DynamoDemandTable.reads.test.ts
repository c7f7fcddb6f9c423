import { describe, expect, it, layer } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { inject } from "vitest"
import { dynamoDemandTable, DynamoDemandTableLive } from "../../../src/layers/aws/DynamoDemandTable.js"
import { makeDynamoTable } from "../../../src/layers/aws/DynamoTable.js"
import { DemandTable } from "../../../src/services/DemandTable.js"
import { awsTestConfig, uniqueName } from "../../support/awsTestConfig.js"
import { DemandTableFixture } from "../../support/demandTableFixture.js"
import { dynamoDemandTableLayer, fanItem, freshUser, storedItem } from "./dynamoDemandTableSetup.js"

const endpoint = inject("awsEndpoints").dynamodb

/** What the demand table's contract (DynamoDemandTableContract.test.ts) leaves out: writers racing, a missing table, the live layer. */
layer(dynamoDemandTableLayer("demand-reads"), { excludeTestServices: true })("DynamoDemandTable", (it) => {
  it.effect("settles concurrent upserts of one key: each succeeds, one creates, the item is one of them", () =>
    Effect.gen(function* () {
      const table = yield* DemandTable
      const keys = Array.from({ length: 8 }, (_, i) => freshUser(`race${i}`))
      const scores = [0.1, 0.2, 0.3, 0.4]
      const outcomes = yield* Effect.forEach(
        keys,
        (user) => Effect.forEach(scores, (score) => table.upsertFanScore(fanItem(user, { score })), { concurrency: "unbounded" }),
        { concurrency: "unbounded" }
      )
      const changes = yield* Effect.flatMap(DemandTableFixture, (fixture) => fixture.changes)
      for (const [i, user] of keys.entries()) {
        const mine = outcomes[i]!
        expect(mine.filter((outcome) => outcome === "created")).toHaveLength(1)
        const stored = yield* storedItem(fanItem(user))
        expect(scores).toContain(stored["score"])
        const ofKey = changes.filter((change) => change.keys["PK"] === stored.PK)
        expect(ofKey).toHaveLength(mine.filter((outcome) => outcome !== "unchanged").length)
        expect(ofKey.at(-1)?.newImage).toEqual(stored)
      }
    }))

  it.effect("fails with the operation named when the table does not exist", () =>
    Effect.gen(function* () {
      const missing = dynamoDemandTable(yield* makeDynamoTable(uniqueName("no-such-table")))
      const item = fanItem("g1")
      const errors = [
        yield* Effect.flip(missing.upsertFanScore(item)),
        yield* Effect.flip(missing.getItem(item)),
        yield* Effect.flip(missing.queryPartition(item.PK))
      ]
      expect(errors.map((error) => error.operation)).toEqual(["PutItem", "GetItem", "Query"])
      for (const error of errors) {
        expect(error).toMatchObject({ _tag: "DemandTableError", table: missing.tableName })
        expect(error.message).toContain("ResourceNotFoundException")
      }
    }).pipe(Effect.scoped, Effect.provide(awsTestConfig({ AWS_ENDPOINT_URL: endpoint }))))
})

describe("DynamoDemandTableLive", () => {
  it.effect("is the table DEMAND_TABLE names, demand-table by default", () =>
    Effect.gen(function* () {
      const nameWith = (settings: Record<string, string>) =>
        Effect.map(DemandTable, (table) => table.tableName).pipe(
          Effect.provide(DynamoDemandTableLive.pipe(Layer.provide(awsTestConfig(settings))))
        )
      expect([yield* nameWith({ DEMAND_TABLE: "demand-blue" }), yield* nameWith({})]).toEqual(["demand-blue", "demand-table"])
    }))
})
