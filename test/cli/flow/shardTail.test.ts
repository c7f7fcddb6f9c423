import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { type ShardApi, shardTail } from "../../../src/cli/flow/shardTail.js"
import { StackError } from "../../../src/layers/local/aws/stackCall.js"

/** A stream of shards in memory with the API's habits: pages of two, iterators that can expire, closed shards. */
class FakeShards {
  readonly shards = new Map<string, { records: Array<string>; closed: boolean }>()
  readonly expired = new Set<string>()
  readonly trimmed = new Set<string>()
  readonly pageCalls: Array<string> = []
  readonly failing = new Set<string>()
  behindOnce = new Set<string>()

  add(shardId: string, ...records: Array<string>) {
    const shard = this.shards.get(shardId) ?? { records: [], closed: false }
    shard.records.push(...records)
    this.shards.set(shardId, shard)
  }

  readonly api: ShardApi<string> = {
    resource: "stream fake",
    listShards: Effect.sync(() => [...this.shards.keys()]),
    iterator: (shardId, position) =>
      Effect.sync(() => {
        const records = this.shards.get(shardId)!.records
        const at =
          position.type === "AFTER_SEQUENCE_NUMBER"
            ? records.indexOf(position.sequenceNumber) + 1
            : position.type === "TRIM_HORIZON"
              ? 0
              : records.length
        return `${shardId}@${at}`
      }),
    page: (iterator) =>
      Effect.suspend(() => {
        this.pageCalls.push(iterator)
        if (this.expired.delete(iterator)) {
          return Effect.fail(new StackError({ resource: "stream fake", reason: "expired", code: "ExpiredIteratorException" }))
        }
        if (this.failing.delete(iterator)) return Effect.fail(new StackError({ resource: "stream fake", reason: "read ECONNRESET" }))
        if (this.trimmed.delete(iterator)) {
          return Effect.fail(new StackError({ resource: "stream fake", reason: "trimmed", code: "TrimmedDataAccessException" }))
        }
        const [shardId, at] = iterator.split("@") as [string, string]
        const shard = this.shards.get(shardId)!
        if (this.behindOnce.delete(iterator)) return Effect.succeed({ records: [], next: iterator, behind: true })
        const records = shard.records.slice(Number(at), Number(at) + 2)
        const end = Number(at) + records.length
        const next = shard.closed && end >= shard.records.length ? undefined : `${shardId}@${end}`
        return Effect.succeed({ records, next })
      }),
    sequenceNumberOf: (record) => record
  }
}

const ids = (read: ReadonlyArray<{ shardId: string; record: string }>) => read.map(({ shardId, record }) => `${shardId}/${record}`)

describe("shardTail", () => {
  it.effect("gives the pages read before a page fails, and the next poll goes on from the failed page: nothing is lost", () =>
    Effect.gen(function* () {
      const fake = new FakeShards()
      fake.add("s1", "a", "b", "c", "d", "e")
      fake.add("s2", "x")
      const tail = yield* shardTail(fake.api, "TRIM_HORIZON")
      fake.failing.add("s1@2")
      fake.failing.add("s2@0")
      expect(ids(yield* tail.poll)).toEqual(["s1/a", "s1/b"])
      expect(ids(yield* tail.poll)).toEqual(["s1/c", "s1/d", "s1/e", "s2/x"])
      fake.failing.add("s1@5")
      fake.failing.add("s2@1")
      expect(yield* Effect.either(tail.poll)).toMatchObject({ _tag: "Left" }) // nothing read: the poll fails, to be retried
      fake.add("s1", "f")
      expect(ids(yield* tail.poll)).toEqual(["s1/f"])
    }))

  it.effect("from LATEST reads only what comes after, page after page, each poll going on where the last stopped", () =>
    Effect.gen(function* () {
      const fake = new FakeShards()
      fake.add("s1", "a", "b")
      const tail = yield* shardTail(fake.api, "LATEST")
      expect(yield* tail.poll).toEqual([])
      fake.add("s1", "c", "d", "e")
      expect(ids(yield* tail.poll)).toEqual(["s1/c", "s1/d", "s1/e"])
      fake.add("s1", "f")
      expect(ids(yield* tail.poll)).toEqual(["s1/f"])
      expect(yield* tail.poll).toEqual([])
    }))

  it.effect("from TRIM_HORIZON reads every record; a shard that appears later is read from its beginning", () =>
    Effect.gen(function* () {
      const fake = new FakeShards()
      fake.add("s1", "a", "b", "c")
      const tail = yield* shardTail(fake.api, "TRIM_HORIZON")
      expect(ids(yield* tail.poll)).toEqual(["s1/a", "s1/b", "s1/c"])
      fake.add("s2", "x", "y")
      expect(ids(yield* tail.poll)).toEqual(["s2/x", "s2/y"])

      const late = new FakeShards()
      late.add("s1", "old")
      const fromNow = yield* shardTail(late.api, "LATEST")
      late.add("s2", "new")
      expect(ids(yield* fromNow.poll)).toEqual(["s2/new"])
    }))

  it.effect("renews an expired iterator after the last record read: nothing lost, nothing twice", () =>
    Effect.gen(function* () {
      const fake = new FakeShards()
      fake.add("s1", "a", "b", "c", "d")
      const tail = yield* shardTail(fake.api, "TRIM_HORIZON")
      fake.expired.add("s1@2")
      expect(ids(yield* tail.poll)).toEqual(["s1/a", "s1/b", "s1/c", "s1/d"])
      fake.add("s1", "e")
      fake.expired.add("s1@5")
      expect(ids(yield* tail.poll)).toEqual(["s1/e"])
    }))

  it.effect("reads on after the last record when an iterator's position was trimmed, from the oldest record when none was read", () =>
    Effect.gen(function* () {
      const fake = new FakeShards()
      fake.add("s1", "a", "b", "c")
      const tail = yield* shardTail(fake.api, "LATEST")
      fake.add("s1", "d", "e")
      fake.trimmed.add("s1@3")
      expect(ids(yield* tail.poll)).toEqual(["s1/a", "s1/b", "s1/c", "s1/d", "s1/e"]) // nothing read yet: from the oldest
      fake.add("s1", "f", "g", "h")
      fake.trimmed.add("s1@7")
      expect(ids(yield* tail.poll)).toEqual(["s1/f", "s1/g", "s1/h"]) // f, g read, then trimmed: on after g
    }))

  it.effect("fails naming the stream when a renewed iterator expires at once, instead of looping", () =>
    Effect.gen(function* () {
      const fake = new FakeShards()
      fake.add("s1", "a")
      const tail = yield* shardTail(fake.api, "TRIM_HORIZON")
      fake.expired.add("s1@0")
      const renewed = fake.api.iterator
      ;(fake.api as { iterator: typeof renewed }).iterator = (shardId, position) =>
        Effect.tap(renewed(shardId, position), (iterator) => Effect.sync(() => iterator && fake.expired.add(iterator)))
      const error = yield* Effect.flip(tail.poll)
      expect(error).toMatchObject({ resource: "stream fake", code: "ExpiredIteratorException" })
    }))

  it.effect("goes on past an empty page while the shard is behind, and stops asking a closed shard once read to its end", () =>
    Effect.gen(function* () {
      const fake = new FakeShards()
      fake.add("s1", "a", "b", "c")
      const tail = yield* shardTail(fake.api, "TRIM_HORIZON")
      fake.behindOnce.add("s1@2")
      expect(ids(yield* tail.poll)).toEqual(["s1/a", "s1/b", "s1/c"])
      fake.shards.get("s1")!.closed = true
      expect(yield* tail.poll).toEqual([])
      const calls = fake.pageCalls.length
      expect(yield* tail.poll).toEqual([])
      expect(fake.pageCalls.length).toBe(calls)
    }))
})
