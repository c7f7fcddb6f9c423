import { describe, expect, it } from "vitest"
import { FirstCallChooser, readFirstAbove } from "../../../src/layers/aws/upsertFirstCall.js"

const after = (chooser: FirstCallChooser, outcomes: ReadonlyArray<boolean>) => {
  for (const found of outcomes) chooser.observe(found)
  return chooser.next()
}
/** `n` outcomes of which one in `every` found its item. */
const mixed = (n: number, every: number) => Array.from({ length: n }, (_, i) => i % every === 0)

describe("FirstCallChooser", () => {
  it("puts first for new fans and turns to reading once the 4th upsert in a row found its item", () => {
    const chooser = new FirstCallChooser()
    expect(chooser.next()).toBe("put")
    expect(after(chooser, Array(100).fill(false))).toBe("put")
    expect(after(chooser, [true, true, true])).toBe("put")
    expect(after(chooser, [true])).toBe("read")
  })

  it("turns back to putting first when fans are new again", () => {
    const chooser = new FirstCallChooser()
    expect(after(chooser, Array(100).fill(true))).toBe("read")
    expect(after(chooser, Array(30).fill(false))).toBe("put")
  })

  it("follows the cheaper call around the break-even share of fans found", () => {
    // One in 10 found (below 0.2): putting first is cheaper; one in 3 (above): reading first.
    expect(after(new FirstCallChooser(), mixed(400, 10))).toBe("put")
    expect(after(new FirstCallChooser(), mixed(400, 3))).toBe("read")
    const estimate = new FirstCallChooser()
    after(estimate, mixed(1_600, 4))
    expect(estimate.share).toBeGreaterThan(readFirstAbove)
    expect(estimate.share).toBeLessThan(0.35)
  })

  it("keeps a fixed first call whatever it observes", () => {
    expect(after(new FirstCallChooser("put"), Array(50).fill(true))).toBe("put")
    expect(after(new FirstCallChooser("read"), Array(50).fill(false))).toBe("read")
  })
})
