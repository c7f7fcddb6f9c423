import { describe, expect, it } from "@effect/vitest"
import { type CountedChange, markerCheckedChanges, pastPosition, planCommits, withoutSeen } from "../../../src/pipelines/processSavedScores/countingPlan.js"
import { comparableSequence } from "../../../src/services/RunProgress.js"
import { actionsOf, actionsPerCommit } from "../../../src/services/schemas/CountingCommit.js"

const change = (n: number, campaignId = "c1", run?: string): CountedChange => ({
  campaignId,
  eventID: `e${n}`,
  sequenceNumber: String(100 + n),
  delta: { verified: 1, rejected: 0, selected: 0 },
  ...(run === undefined ? {} : { run })
})
const at = (n: number) => comparableSequence(String(100 + n))
const range = (from: number, to: number, of: (n: number) => CountedChange = (n) => change(n)) => Array.from({ length: to - from + 1 }, (_, i) => of(from + i))

describe("countingPlan: what a delivery adds, in which transactions", () => {
  it("keeps the changes past the position, each eventID once, in shard order", () => {
    const changes = [change(5), change(3), change(4), change(3), change(1)]
    expect(pastPosition(changes, { at: at(3), checked: 0 }).map((c) => c.eventID)).toEqual(["e4", "e5"])
    expect(pastPosition(changes, undefined).map((c) => c.eventID)).toEqual(["e1", "e3", "e4", "e5"])
  })

  it("on a named shard, one transaction moves the position from the one read to its last change and sums each campaign and run", () => {
    const changes = [change(1, "c1", "r1"), change(2, "c2"), change(3, "c1", "r1"), { ...change(4, "c2"), delta: { verified: -1, rejected: 0, selected: 0 } }]
    const [only, ...none] = planCommits("s/a", changes, { at: at(0), checked: markerCheckedChanges })
    expect(none).toEqual([])
    expect(only!.commit).toEqual({
      guard: { _tag: "Position", shard: "s/a", expected: { at: at(0), checked: markerCheckedChanges }, next: { at: at(4), checked: markerCheckedChanges } },
      markers: [],
      // c2's changes cancel out: its counts are not written.
      counts: [{ campaignId: "c1", delta: { verified: 2, rejected: 0, selected: 0 } }],
      counted: [{ campaignId: "c1", run: "r1", changes: 2 }]
    })
  })

  it("looks at the markers of a shard's first changes only, counting on from the position's `checked`", () => {
    const first = planCommits("s/a", range(1, 3), undefined)
    expect(first.map((p) => p.commit.markers.length)).toEqual([3])
    const later = planCommits("s/a", range(4, 6), { at: at(3), checked: markerCheckedChanges - 2 })
    expect(later[0]!.commit.markers.map((m) => m.eventID)).toEqual(["e4", "e5"])
    expect(later[0]!.commit.guard).toMatchObject({ next: { checked: markerCheckedChanges } })
  })

  it("splits by sequence where a transaction would pass 100 actions, each commit going on from the one before", () => {
    const changes = range(1, 250, (n) => change(n, `c${n % 7}`, `r${n % 3}`))
    const plan = planCommits("s/a", changes, undefined)
    expect(plan.length).toBeGreaterThan(2)
    expect(plan.flatMap((p) => p.changes)).toEqual(changes)
    for (const planned of plan) expect(actionsOf(planned.commit)).toBeLessThanOrEqual(actionsPerCommit)
    plan.slice(1).forEach((planned, i) => expect(planned.commit.guard).toMatchObject({ expected: (plan[i]!.commit.guard as { next: unknown }).next }))
    expect(plan[plan.length - 1]!.commit.guard).toMatchObject({ next: { at: at(250), checked: 250 } })
  })

  it("on an unnamed shard, puts a marker per change, 100 actions a transaction at most", () => {
    const plan = planCommits(undefined, range(1, 150), undefined)
    expect(plan.map((p) => p.commit.guard._tag)).toEqual(["Markers", "Markers"])
    expect(plan.map((p) => p.commit.markers.length)).toEqual([99, 51])
  })

  it("leaves changes found counted out of their commit, keeping its guard", () => {
    const [planned] = planCommits("s/a", range(1, 3), undefined)
    const rest = withoutSeen(planned!, new Set(["e2"]))
    expect(rest.changes.map((c) => c.eventID)).toEqual(["e1", "e3"])
    expect(rest.commit.markers.map((m) => m.eventID)).toEqual(["e1", "e3"])
    expect(rest.commit.guard).toEqual(planned!.commit.guard)
    expect(rest.commit.counts).toEqual([{ campaignId: "c1", delta: { verified: 2, rejected: 0, selected: 0 } }])
  })
})
