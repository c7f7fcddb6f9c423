import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { NodeContext } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Option } from "effect"
import { memorySide } from "../../../src/local/cli/flow/memorySide.js"
import { collectingKeeper } from "../../../src/local/cli/flow/RecordKeeper.js"
import { runFiles } from "../../../src/local/cli/localRun.js"
import { MemoryWorld } from "../../../src/local/memory/MemoryWorld.js"
import { scoreWritesOf } from "../../../src/services/schemas/ScoreWrite.js"
import { runCli } from "../../support/cliRun.js"
import { invocationsOf, withoutInvocations, withoutRequeues, writeInvocationFiles } from "../../support/invocationFiles.js"
import { comparableAsSets, readDump, withoutVolatile } from "../../support/runnerDump.js"
import { fanlistChunks } from "../../support/fanlistFile.js"

/** Continuations through the runner in memory: a fanlist whose load outlasts its invocations goes on in new ones, to the end of one run. */

/** The counts as state: their version follows how many counting transactions there were, which the invocations change. */
const countsOnly = (item: Record<string, unknown> | undefined) => {
  if (item === undefined) return undefined
  const { version: _version, ...counts } = item
  return counts
}

const root = mkdtempSync(join(tmpdir(), "vf-invocations-"))
const key = "fanlist/scored/c1001/20261202T1200.csv"
mkdirSync(join(root, "fanlist/scored/c1001"), { recursive: true })
writeFileSync(join(root, key), Buffer.concat([...fanlistChunks({ rows: 8_000, fans: 3_000 })]))

const runWith = (invocationSeconds?: number) =>
  Effect.gen(function* () {
    const world = new MemoryWorld()
    const keeper = collectingKeeper()
    const side = yield* memorySide(world, keeper)
    const lines: Array<string> = []
    const progress = { say: (line: string) => Effect.sync(() => void lines.push(line)) }
    const run = yield* runFiles(side, [join(root, key)], Option.none(), progress, { keeper, ...(invocationSeconds === undefined ? {} : { invocationSeconds }) })
    const items = [...world.demandTable.sortedItems()].filter((item) => item.SK === "campaign:c1001")
    // Each run uploads the file anew (a run of its own): the fans' stamps name it, one for all the invocations of a load.
    const runs = new Set(items.flatMap((item) => Object.keys(scoreWritesOf(item))))
    const fans = items.map(({ date: _date, lastWrite: _stamp, ...item }) => ({ ...item, lastWrite: Object.values(scoreWritesOf(item)).map((writes) => writes.records) }))
    const records = keeper.records.campaignDataStream.map(({ data }) => JSON.stringify({ ...(data as object), __meta: undefined })).sort()
    return { run, lines, fans, runs, records, counts: countsOnly(world.demandTable.item({ PK: "campaign:c1001", SK: "meta:counts" })) }
  })

describe("vf-workers run --invocation-seconds", () => {
  it.scopedLive("takes several invocations for a fanlist too long for one, and ends as one run without the limit", () =>
    Effect.gen(function* () {
      const once = yield* runWith()
      const split = yield* runWith(0.02)
      const loaded = split.run.files.find((entry) => entry.worker === "saveFanlistScores")!
      const invocations = "invocations" in loaded ? loaded.invocations! : 1
      expect(invocations).toBeGreaterThan(2)
      expect(split.lines.filter((line) => line.includes("near the end of its invocation; goes on in invocation"))).toHaveLength(invocations - 1)
      expect(split.lines.some((line) => line.includes(`over ${invocations} invocations`))).toBe(true)
      const once1 = once.run.files.find((entry) => entry.worker === "saveFanlistScores")!
      expect("invocations" in once1 ? once1.invocations : undefined).toBeUndefined()
      expect(withoutVolatile("result" in loaded ? loaded.result : undefined)).toEqual(withoutVolatile("result" in once1 ? once1.result : undefined))
      expect(split.runs.size).toBe(1)
      expect(split.fans).toHaveLength(3_000)
      expect(split.fans).toEqual(once.fans)
      expect(split.records).toEqual(once.records)
      expect(split.counts).toEqual(once.counts)
      expect(split.run.slackPosts.map((post) => post.text)).toEqual(once.run.slackPosts.map((post) => post.text))
      expect(split.run.slackPosts).toHaveLength(1)
    }).pipe(Effect.provide(NodeContext.layer)), 120_000)

  it("--invocation-seconds 1: a generated scrubbed file and fanlist take several invocations and dump what one run without it dumps", async () => {
    const files = writeInvocationFiles(join(root, "generated"), 30_000, 60_000)
    const dumps = { once: join(root, "dump-once"), split: join(root, "dump-split") }
    const once = await runCli(["run", "--in-memory", "--dump", dumps.once, ...files])
    const split = await runCli(["run", "--in-memory", "--invocation-seconds", "1", "--dump", dumps.split, ...files])
    expect([once.code, split.code]).toEqual([0, 0])
    const [whole, parts] = [readDump(dumps.once), readDump(dumps.split)]
    expect(invocationsOf(whole["report.json"])).toEqual([["loadScoresToStream", 1], ["saveFanlistScores", 1]])
    // In memory the scrubbed file's load takes several seconds (its records wait for the consumers), the fanlist's a few.
    const taken = new Map(invocationsOf(parts["report.json"]))
    expect(taken.get("loadScoresToStream")).toBeGreaterThan(1)
    expect(taken.get("saveFanlistScores")).toBeGreaterThan(1)
    expect(split.stderr).toMatch(/loadScoresToStream 30,000 rows in [\d.]+ s over \d+ invocations/)
    // The same results, records, table, counts, posts and rejects files: every file of the dump alike.
    expect(Object.keys(parts)).toEqual(Object.keys(whole))
    for (const name of Object.keys(whole)) {
      const [a, b] = name === "report.json" ? [withoutInvocations(whole[name]), withoutInvocations(parts[name])] : [whole[name], parts[name]]
      const [c, d] = [withoutRequeues(name, a), withoutRequeues(name, b)]
      expect({ [name]: comparableAsSets(name, d) }).toEqual({ [name]: comparableAsSets(name, c) })
    }
  }, 180_000)
})
