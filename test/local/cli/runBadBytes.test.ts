import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { NodeContext } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Option } from "effect"
import { memorySide } from "../../../src/local/cli/flow/memorySide.js"
import { fileKeeper } from "../../../src/local/cli/flow/RecordKeeper.js"
import { runFiles } from "../../../src/local/cli/localRun.js"
import { MemoryWorld } from "../../../src/local/memory/MemoryWorld.js"

/**
 * CSV bad input through the runner in memory, as a user drops it: rows with bytes that are
 * not UTF-8 and a row with a 5 MB field, in a scrubbed file and a fanlist. Those rows are
 * refused saying why; nothing of them reaches a stream or the table; the rejects files in
 * the dump hold them, bad bytes as they were.
 */

const root = mkdtempSync(join(tmpdir(), "vf-bad-bytes-"))
const bytesOf = (...parts: ReadonlyArray<string | ReadonlyArray<number>>) => Buffer.concat(parts.map((part) => Buffer.from(part as string)))
const put = (key: string, body: Buffer) => {
  mkdirSync(join(root, key, ".."), { recursive: true })
  writeFileSync(join(root, key), body)
  return { key, path: join(root, key) }
}
const longField = "y".repeat(5 * 1024 * 1024)
const scrubbed = put(
  "scrubbed/registrants.c1001.SummerTour2026.20261120T0900.cleaned.prepared.merged.csv",
  bytesOf(
    "id,globalUserId,campaign_id,rank,score,isVerified,hbase,email\n",
    "g10,g1,c1001,0,0.9,true,Chicago,a@b.co\n",
    "g20,g2,c1001,0,0.8,true,Den", [0xc3], "ver,c@b.co\n",
    "g30,g3,c1001,0,0.7,true,Chicago,", [0xff, 0xfe], "@b.co\n",
    `g40,g4,c1001,0,0.6,true,${longField},d@b.co\n`,
    "g50,g5,c1001,0,0.5,true,Denver,e@b.co\n"
  )
)
const fanlist = put("fanlist/scored/c1001/20261121T1000.csv", bytesOf("globalUserId,memberId,email,score,isVerified\n", "f1,,,0.9,\n", ",,", [0xff], "@b.co,0.8,\n", "f3,,,0.7,\n"))

describe("vf-workers run: bytes that are not UTF-8 and records over 1 MiB", () => {
  it.scopedLive("refuses those rows naming why, sends and stores nothing of them, and keeps them in the rejects files as they were", () =>
    Effect.gen(function* () {
      const dump = join(root, "dump")
      mkdirSync(dump)
      const world = new MemoryWorld()
      const keeper = fileKeeper(dump)
      const side = yield* memorySide(world, keeper)
      const run = yield* runFiles(side, [scrubbed.path, fanlist.path], Option.none(), { say: () => Effect.void }, { keeper })
      const resultOf = (key: string) => {
        const entry = run.files.find((file) => file.key === key && (file.worker === "loadScoresToStream" || file.worker === "saveFanlistScores"))
        return entry !== undefined && "result" in entry ? (entry.result as { errors: ReadonlyArray<{ line: number; reason: string }> }) : undefined
      }
      expect(resultOf(scrubbed.key)!.errors).toEqual([
        { line: 3, reason: 'column "hbase": bytes that are not valid UTF-8' },
        { line: 4, reason: 'column "email": bytes that are not valid UTF-8' },
        { line: 5, reason: "record longer than 1 MiB" }
      ])
      expect(resultOf(fanlist.key)!.errors).toEqual([{ line: 3, reason: 'column "email": bytes that are not valid UTF-8' }])

      const dumped = (name: string) => readFileSync(join(dump, name), "utf8")
      const keysOf = (name: string) => (JSON.parse(dumped(name)) as ReadonlyArray<{ partitionKey: string }>).map((record) => record.partitionKey)
      expect(keysOf("scores-stream.json")).toEqual(["g1", "g5"])
      expect(keysOf("campaign-data-stream.json")).toEqual(["f1", "f3"])
      const everything = [dumped("scores-stream.json"), dumped("campaign-data-stream.json"), dumped("entry-service.json"), JSON.stringify(world.demandTable.allItems())].join()
      expect(everything).not.toMatch(/\ufffd|\\ufffd|\\udc|"g[234]"|[cd]@b\.co|yyy/)
      expect(JSON.stringify(world.demandTable.allItems())).toContain("fan:f3")

      const rejected = (key: string) => readFileSync(join(dump, "rejects", `${key}.csv`)).toString("latin1").trimEnd().split("\n")
      expect(rejected(scrubbed.key).slice(1)).toEqual([
        '3,"column ""hbase"": bytes that are not valid UTF-8",g20,g2,c1001,0,0.8,true,Den\xc3ver,c@b.co',
        '4,"column ""email"": bytes that are not valid UTF-8",g30,g3,c1001,0,0.7,true,Chicago,\xff\xfe@b.co',
        `5,record longer than 1 MiB,g40,g4,c1001,0,0.6,true,${"y".repeat(1024)}\xe2\x80\xa6,d@b.co`
      ])
      expect(rejected(fanlist.key).slice(1)).toEqual(['3,"column ""email"": bytes that are not valid UTF-8",,,\xff@b.co,0.8,'])
    }).pipe(Effect.provide(NodeContext.layer)), 120_000)
})
