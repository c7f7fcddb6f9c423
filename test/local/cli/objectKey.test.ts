import { describe, expect, it } from "@effect/vitest"
import { Either } from "effect"
import { objectKeyOf } from "../../../src/local/cli/objectKey.js"

describe("objectKeyOf", () => {
  it("keys a file by its path from its scrubbed/ folder on", () => {
    expect(objectKeyOf("data/scrubbed/registrants.c1.X.2026.cleaned.prepared.merged.csv")).toEqual(
      Either.right("scrubbed/registrants.c1.X.2026.cleaned.prepared.merged.csv")
    )
  })
  it("keeps the folders below fanlist/", () => {
    expect(objectKeyOf("/tmp/in/fanlist/scored/c1/20261120.csv")).toEqual(Either.right("fanlist/scored/c1/20261120.csv"))
  })
  it("uses the innermost scrubbed/ or fanlist/ folder", () => {
    expect(objectKeyOf("/fanlist/archive/scrubbed/a.csv")).toEqual(Either.right("scrubbed/a.csv"))
  })
  it("refuses a file outside those folders, saying why", () => {
    const key = objectKeyOf("data/registrants.csv")
    expect(Either.isLeft(key) && key.left).toContain("not inside a scrubbed/ or fanlist/ folder")
  })
})
