import { mkdtempSync, readFileSync, existsSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { fileKeeper, JsonArrayFile } from "../../../../src/local/cli/flow/RecordKeeper.js"

const written = (values: ReadonlyArray<unknown>) => {
  const path = join(mkdtempSync(join(tmpdir(), "vf-array-")), "out.json")
  const file = new JsonArrayFile(path)
  for (const value of values) file.add(value)
  expect(existsSync(path)).toBe(false) // named .partial until closed
  file.close()
  return readFileSync(path, "utf8")
}

describe("the dump's files written as the run goes", () => {
  it("writes a JSON array element by element exactly as JSON.stringify(array, null, 2) writes it whole", () => {
    const values = [{ a: 1, nested: { list: [1, { b: "x\ny" }], empty: {}, none: [] } }, "text, \"quoted\"", 3, null, [[]]]
    for (const list of [[], values.slice(0, 1), values]) expect(written(list)).toBe(`${JSON.stringify(list, null, 2)}\n`)
  })

  it("keeps each stream's records, parsed, and the Entry Service's posts in their files", () => {
    const dir = mkdtempSync(join(tmpdir(), "vf-keeper-"))
    const keeper = fileKeeper(dir)
    const data = (value: object) => new TextEncoder().encode(JSON.stringify(value))
    keeper.keep("scoresStream", [{ partitionKey: "g1", data: data({ score: 0.5 }) }])
    keeper.keep("scoresStream", [{ partitionKey: "g2", data: data({ score: 0.7 }) }])
    keeper.keepPost({ campaignId: "c1", records: [] })
    keeper.close()
    const read = (name: string) => JSON.parse(readFileSync(join(dir, name), "utf8")) as unknown
    expect(read("scores-stream.json")).toEqual([{ partitionKey: "g1", data: { score: 0.5 } }, { partitionKey: "g2", data: { score: 0.7 } }])
    expect(read("campaign-data-stream.json")).toEqual([])
    expect(read("entry-service.json")).toEqual([{ campaignId: "c1", records: [] }])
  })
})
