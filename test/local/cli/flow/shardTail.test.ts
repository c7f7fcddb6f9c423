import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { shardTail } from "../../../../src/local/cli/flow/shardTail.js"
import { FakeShards } from "./fakeShards.js"

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
