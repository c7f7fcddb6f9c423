import { PutItemCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb"
import { marshall } from "@aws-sdk/util-dynamodb"
import { expect, layer } from "@effect/vitest"
import { Effect } from "effect"
import { DemandTable } from "../../../src/services/DemandTable.js"
import { call } from "../../support/awsTestClients.js"
import { DemandTableFixture } from "../../support/demandTableFixture.js"
import { changesOf, dynamoDemandTableLayer, fanItem, freshUser, storedItem } from "./dynamoDemandTableSetup.js"

const upsert = (item: Parameters<DemandTable["Type"]["upsertFanScore"]>[0]) =>
  Effect.flatMap(DemandTable, (table) => table.upsertFanScore(item))

const isoTime = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/

/** Attributes whose values differ between two images. */
const differing = (before: Record<string, unknown>, after: Record<string, unknown>) =>
  [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
    (name) => JSON.stringify(before[name]) !== JSON.stringify(after[name])
  ).sort()

const selection = { verdict: true, selectedEvents: ["e1"], codes: { e1: "CODE-1" } }

/** What the selection system does: sets its own attributes on the item. */
const selectFan = (key: { PK: string; SK: string }) =>
  Effect.flatMap(DemandTableFixture, ({ client, tableName }) =>
    call((signal) =>
      client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: marshall({ PK: key.PK, SK: key.SK }),
          UpdateExpression: "SET verdict = :v, selectedEvents = :e, codes = :c",
          ExpressionAttributeValues: marshall({ ":v": selection.verdict, ":e": selection.selectedEvents, ":c": selection.codes })
        }),
        { abortSignal: signal }
      )
    )
  )

layer(dynamoDemandTableLayer("demand-upsert"), { excludeTestServices: true })("DynamoDemandTable upsert", (it) => {
  it.effect("creates an absent item with every attribute, created = updated, and one INSERT record", () =>
    Effect.gen(function* () {
      const item = fanItem(freshUser("created"))
      expect(yield* upsert(item)).toBe("created")
      const stored = yield* storedItem(item)
      const { date, ...attributes } = stored as typeof stored & { date: { created: string; updated: string } }
      expect(attributes).toEqual(item)
      expect(date.created).toMatch(isoTime)
      expect(date.updated).toBe(date.created)
      const changes = yield* changesOf(item.PK)
      const withoutIds = changes.map(({ eventID: _id, sequenceNumber: _sequence, ...change }) => change)
      expect(withoutIds).toEqual([{ eventName: "INSERT", keys: { PK: item.PK, SK: item.SK }, newImage: stored }])
    }))

  it.effect("writes nothing for the same item again: unchanged, no stream record, updated as it was", () =>
    Effect.gen(function* () {
      const item = fanItem(freshUser("same"))
      yield* upsert(item)
      const before = yield* storedItem(item)
      const recordsBefore = yield* changesOf(item.PK)
      yield* Effect.sleep("5 millis")
      expect(yield* upsert({ ...item, tags: ["vip"], events: { ...item.events } })).toBe("unchanged")
      expect(yield* storedItem(item)).toEqual(before)
      expect(yield* changesOf(item.PK)).toEqual(recordsBefore)
      expect(recordsBefore).toHaveLength(1)
    }))

  it.effect("updates only changed attributes and date.updated, keeps date.created, one MODIFY with both images", () =>
    Effect.gen(function* () {
      const item = fanItem(freshUser("changed"))
      yield* upsert(item)
      const before = yield* storedItem(item)
      yield* Effect.sleep("5 millis")
      const changed = { ...item, score: 0.5, tags: ["vip", "flagged"], events: { "0": { market: "Boston" } } }
      expect(yield* upsert(changed)).toBe("updated")
      const after = yield* storedItem(item)
      expect(differing(before, after)).toEqual(["date", "events", "score", "tags"])
      expect(after).toMatchObject({ score: 0.5, tags: ["vip", "flagged"], events: { "0": { market: "Boston" } } })
      const dates = (image: Record<string, unknown>) => image["date"] as { created: string; updated: string }
      expect(dates(after).created).toBe(dates(before).created)
      expect(dates(after).updated > dates(before).updated).toBe(true)
      const changes = yield* changesOf(item.PK)
      expect(changes.map((change) => change.eventName)).toEqual(["INSERT", "MODIFY"])
      expect(changes[1]).toMatchObject({ oldImage: before, newImage: after })
    }))

  it.effect("never removes an attribute a later write does not carry", () =>
    Effect.gen(function* () {
      const item = fanItem(freshUser("absent"))
      yield* upsert(item)
      const { email: _email, bandScore: _bandScore, tags: _tags, ...without } = item
      expect(yield* upsert(without)).toBe("unchanged")
      expect(yield* upsert({ ...without, score: 0.1 })).toBe("updated")
      expect(yield* storedItem(item)).toMatchObject({ email: item.email, bandScore: item.bandScore, tags: item.tags, score: 0.1 })
    }))

  it.effect("keeps verdict, selectedEvents and codes set by the selection system, and does not count them as a change", () =>
    Effect.gen(function* () {
      const item = fanItem(freshUser("selected"))
      yield* upsert(item)
      yield* selectFan(item)
      const selected = yield* storedItem(item)
      expect(yield* upsert(item)).toBe("unchanged")
      expect(yield* storedItem(item)).toEqual(selected)
      expect(yield* upsert({ ...item, isVerified: false })).toBe("updated")
      expect(yield* storedItem(item)).toMatchObject({ ...selection, isVerified: false })
      const written = { ...item, isVerified: false, verdict: false, codes: {} } as typeof item
      expect(yield* upsert(written)).toBe("unchanged")
      expect(yield* storedItem(item)).toMatchObject(selection)
    }))

  it.effect("gives an item written without date by someone else a date on its first change", () =>
    Effect.gen(function* () {
      const item = fanItem(freshUser("undated"))
      const { client, tableName } = yield* DemandTableFixture
      yield* call((signal) =>
        client.send(new PutItemCommand({ TableName: tableName, Item: marshall({ ...item, verdict: true }) }), { abortSignal: signal })
      )
      expect(yield* upsert(item)).toBe("unchanged")
      expect((yield* storedItem(item))["date"]).toBeUndefined()
      expect(yield* upsert({ ...item, score: 0.4 })).toBe("updated")
      const stored = yield* storedItem(item)
      expect(stored).toMatchObject({ score: 0.4, verdict: true })
      const date = stored["date"] as { created: string; updated: string }
      expect(date.updated).toMatch(isoTime)
      expect(date.created).toBe(date.updated)
    }))
})
