import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { NodeContext } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Option } from "effect"
import { memorySide } from "../../../../src/local/cli/flow/memorySide.js"
import { collectingKeeper } from "../../../../src/local/cli/flow/RecordKeeper.js"
import { runFiles } from "../../../../src/local/cli/localRun.js"
import { MemoryWorld } from "../../../../src/local/memory/MemoryWorld.js"
import { scrubbedFileText } from "../../../support/scrubbedRows.js"

/** A bounded flow: the in-memory flow holds what is unread, not the file; the consumers run while the file loads; nothing is lost. */

const rows = 3_000
const fileOf = () => {
  const dir = join(mkdtempSync(join(tmpdir(), "vf-bounded-")), "scrubbed")
  mkdirSync(dir)
  const path = join(dir, "registrants.cbound.Bounded.20261201T0900.cleaned.prepared.merged.csv")
  writeFileSync(path, scrubbedFileText({ rows, campaignId: "cbound", invalidEvery: 50, maxRanks: 3, seed: 3 }))
  return path
}

describe("a run in memory is bounded by what is unread", () => {
  it.scopedLive("never holds more unread records than its bound, keeps every record for the dump, and counts exactly", () =>
    Effect.gen(function* () {
      const world = new MemoryWorld()
      const held = { most: 0 }
      const put = world.scoresStream.putRecords
      Object.assign(world.scoresStream, {
        putRecords: (entries: Parameters<typeof put>[0]) =>
          Effect.tap(put(entries), () => void (held.most = Math.max(held.most, world.scoresStream.entries.length)))
      })
      const keeper = collectingKeeper()
      const side = yield* memorySide(world, keeper, { pollRecords: 50, unreadRecords: 100, pollChanges: 250 })
      const lines: Array<string> = []
      const progress = { say: (line: string) => Effect.sync(() => void lines.push(line)) }
      const run = yield* runFiles(side, [fileOf()], Option.none(), progress, { keeper })
      const loaded = run.files.find((entry) => entry.worker === "loadScoresToStream")
      const out = loaded !== undefined && "result" in loaded && "out" in loaded.result ? Number(loaded.result.out) : -1
      expect(out).toBeGreaterThan(1_000)
      // A put waits for room: the stream never held the file (puts in flight, 4 of ≤ 500 records, may each find room at once).
      expect(held.most).toBeLessThanOrEqual(100 + 4 * 500)
      expect(held.most).toBeLessThan(out)
      expect(world.scoresStream.put).toBeGreaterThanOrEqual(out)
      expect(world.scoresStream.entries).toEqual([])
      expect(world.demandTable.changes).toEqual([])
      expect(keeper.records.scoresStream).toHaveLength(run.end.scoresStream.count)
      expect(run.end.scoresStream.count).toBe(out)
      const fans = [...world.demandTable.storedItems()].filter((item) => item.SK === "campaign:cbound" && item.PK.startsWith("fan:"))
      expect(run.end.demandTable.fanScores).toBe(fans.length)
      const counts = world.demandTable.item({ PK: "campaign:cbound", SK: "meta:counts" })
      expect(counts).toMatchObject({
        verified: fans.filter((fan) => fan["isVerified"] === true).length,
        rejected: fans.filter((fan) => fan["isVerified"] === false).length
      })
      expect(run.givenUp).toEqual([])
      // Progress says what the run waits on: each consumer's time for each poll.
      expect(lines.filter((line) => /records → loadScoresToDynamoDB \d+\.\d s, saveEntryScoring \d+\.\d s$/.test(line)).length).toBeGreaterThan(1)
      expect(lines.some((line) => /changes → processSavedScores \d+\.\d s$/.test(line))).toBe(true)
    }).pipe(Effect.provide(NodeContext.layer)), 60_000)
})
