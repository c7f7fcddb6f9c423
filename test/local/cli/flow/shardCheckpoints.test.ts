import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { readdir } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { afterAll } from "vitest"
import { type Checkpoints, fileCheckpoints, type StreamCheckpoint } from "../../../../src/local/cli/flow/checkpoints.js"
import { shardTail } from "../../../../src/local/cli/flow/shardTail.js"
import { StackError } from "../../../../src/local/standIns/aws/stackCall.js"
import { FakeShards } from "./fakeShards.js"

/**
 * The runner's checkpoints at an endpoint: a run goes on where the last one stopped in the
 * same stream, and reads a stream made again under the same name (whose sequence numbers
 * start over) from its oldest record, never from a position of the old one nor from now.
 */

const inMemory = () => {
  const kept = new Map<string, StreamCheckpoint>()
  const checkpoints: Checkpoints = {
    load: (name) => Effect.sync(() => kept.get(name)),
    save: (name, checkpoint) => Effect.sync(() => void kept.set(name, checkpoint))
  }
  return { kept, checkpoints }
}

/** The records a run at an endpoint reads (from now on, with checkpoints): two polls, the second keeping the first's positions. */
const runReads = (fake: FakeShards, checkpoints: Checkpoints, putDuringRun: ReadonlyArray<string> = []) =>
  Effect.gen(function* () {
    const tail = yield* shardTail(fake.api, "LATEST", checkpoints)
    fake.add("s1", ...putDuringRun)
    const read = [...(yield* tail.poll), ...(yield* tail.poll)]
    return read.map(({ record }) => record)
  })

describe("checkpoints of the streams at an endpoint", () => {
  it.effect("a run goes on after the positions the last one handled in the same stream", () =>
    Effect.gen(function* () {
      const { kept, checkpoints } = inMemory()
      const fake = new FakeShards()
      fake.add("s1", "old")
      expect(yield* runReads(fake, checkpoints, ["1", "2"])).toEqual(["1", "2"])
      expect(kept.get("stream fake")).toEqual({ incarnation: "arn:fake created 1", shards: new Map([["s1", "2"]]) })
      fake.add("s1", "3") // put between runs (a killed run's records, say)
      expect(yield* runReads(fake, checkpoints, ["4"])).toEqual(["3", "4"])
    }))

  it.effect("a stream made again under the same name is read from its oldest record, though the old position is one of its sequence numbers", () =>
    Effect.gen(function* () {
      const { kept, checkpoints } = inMemory()
      const first = new FakeShards()
      first.add("s1")
      expect(yield* runReads(first, checkpoints, ["1", "2", "3"])).toEqual(["1", "2", "3"])
      // Reset and made again: the same shard ids, sequence numbers from the start again; a load puts records before the run reads.
      const again = new FakeShards()
      again.incarnation = "arn:fake created 2"
      again.add("s1", "1", "2", "3", "4")
      expect(yield* runReads(again, checkpoints, ["5"])).toEqual(["1", "2", "3", "4", "5"])
      expect(again.iteratorCalls[0]).toEqual({ type: "TRIM_HORIZON" })
      expect(kept.get("stream fake")).toEqual({ incarnation: "arn:fake created 2", shards: new Map([["s1", "5"]]) })
    }))

  it.effect("a position the stream refuses is read on from the oldest record, not from now", () =>
    Effect.gen(function* () {
      const { checkpoints } = inMemory()
      yield* checkpoints.save("stream fake", { incarnation: "arn:fake created 1", shards: new Map([["s1", "gone"]]) })
      const fake = new FakeShards()
      fake.add("s1", "1", "2")
      expect(yield* runReads(fake, checkpoints, ["3"])).toEqual(["1", "2", "3"])
      expect(fake.iteratorCalls).toEqual([{ type: "AFTER_SEQUENCE_NUMBER", sequenceNumber: "gone" }, { type: "TRIM_HORIZON" }])
    }))

  it.live("a transient failure of a lookup at the start is retried, and never taken for a refused position", () =>
    Effect.gen(function* () {
      const { checkpoints } = inMemory()
      yield* checkpoints.save("stream fake", { incarnation: "arn:fake created 1", shards: new Map([["s1", "1"]]) })
      const fake = new FakeShards()
      fake.add("s1", "1", "2")
      fake.iteratorFailures.push(new StackError({ resource: "stream fake", reason: "GetShardIterator failed: socket hang up", transient: true }))
      expect(yield* runReads(fake, checkpoints)).toEqual(["2"])
      const after = { type: "AFTER_SEQUENCE_NUMBER", sequenceNumber: "1" }
      expect(fake.iteratorCalls).toEqual([after, after])
    }))

  it.effect("a checkpoint kept without an incarnation (an older runner's) is not trusted: the stream is read whole", () =>
    Effect.gen(function* () {
      const { checkpoints } = inMemory()
      yield* checkpoints.save("stream fake", { incarnation: "", shards: new Map([["s1", "1"]]) })
      const fake = new FakeShards()
      fake.add("s1", "1", "2")
      expect(yield* runReads(fake, checkpoints)).toEqual(["1", "2"])
    }))

  it.effect("a first run keeps an empty checkpoint at once: killed before a position, the next run reads from the oldest record", () =>
    Effect.gen(function* () {
      const { kept, checkpoints } = inMemory()
      const fake = new FakeShards()
      fake.add("s1", "before")
      yield* shardTail(fake.api, "LATEST", checkpoints) // killed before its first poll
      expect(kept.get("stream fake")).toEqual({ incarnation: "arn:fake created 1", shards: new Map() })
      fake.add("s1", "1")
      expect(yield* runReads(fake, checkpoints)).toEqual(["before", "1"])
    }))
})

describe("fileCheckpoints", () => {
  const dir = mkdtempSync(join(tmpdir(), "vf-checkpoints-"))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it.effect("keeps a checkpoint per endpoint and stream with its incarnation; an older file has none; a broken one counts as none", () =>
    Effect.gen(function* () {
      const here = fileCheckpoints(dir, "http://127.0.0.1:4566")
      const there = fileCheckpoints(dir, "http://127.0.0.1:5000")
      yield* here.save("stream s", { incarnation: "arn:s created 1", shards: new Map([["shard-0", "42"]]) })
      expect(yield* here.load("stream s")).toEqual({ incarnation: "arn:s created 1", shards: new Map([["shard-0", "42"]]) })
      expect(yield* there.load("stream s")).toBeUndefined()
      const [file] = yield* Effect.promise(() => readdir(dir))
      writeFileSync(join(dir, file!), JSON.stringify({ resource: "stream s", shards: { "shard-0": "7" } }))
      expect(yield* here.load("stream s")).toEqual({ incarnation: "", shards: new Map([["shard-0", "7"]]) })
      writeFileSync(join(dir, file!), "{")
      expect(yield* here.load("stream s")).toBeUndefined()
    }))
})
