import { calls, type StandInCapacityResult } from "./standInCapacity.js"

const rate = (n: number) => Math.round(n).toLocaleString("en-US")

/** The calls, one row each: items a second, items, seconds, calls in flight. */
export const standInCapacityTable = (result: StandInCapacityResult): string =>
  [
    "| call | items/s | items | seconds | in flight | refused |",
    "| --- | --- | --- | --- | --- | --- |",
    ...result.calls.map((c) => `| ${c.call} | ${rate(c.itemsPerSecond)} | ${rate(c.items)} | ${c.seconds.toFixed(1)} | ${c.concurrency} | ${rate(c.rejected ?? 0)} |`),
    "",
    `Slowest: ${result.slowest.call}, ${rate(result.slowest.itemsPerSecond)} items/s.`,
    ""
  ].join("\n")

/**
 * Items of each call per fan record in the default-mode flow, from the code: the load puts
 * each record once (PutRecords); the runner reads the scores stream once a poll (awsSide's
 * scoresPoll) and hands the same records to both consumers, so one GetRecords read; the
 * loader writes each fan once (a conditional PutItem: created on a first load, refused and
 * unchanged on an identical re-run); processSavedScores adds each moving change once
 * (a delivery of 1,000 changes: a GetItem of the shard's position and one TransactWriteItems).
 * The table's stream carries, a fan record: its INSERT, the position, counts and run updates
 * (3 per 1,000 changes) and the loader's progress update (1 per batch of 100): 1.013 records;
 * on a re-run only the progress update, 0.01. SQS carries a
 * message or two per file, none per row.
 */
export const itemsPerFanRecord = (rerun: boolean): Partial<Record<string, number>> => ({
  [calls.put]: 1,
  [calls.get]: 1,
  [rerun ? calls.refused : calls.created]: 1,
  [calls.table]: rerun ? 0.01 : 1.013,
  ...(rerun ? {} : { [calls.counter]: 1 })
})

/**
 * The flow's row rate limit: each call's rate turned into rows a second (a scrubbed row is
 * ~0.5 fan records). `rowsPerSecond` is the slowest stand-in's bound, if every stand-in
 * worked side by side; `serialRowsPerSecond` is the runner's: driveUntilQuiet waits on each
 * consumer's calls in turn (their times add up) while the load's PutRecords run beside it.
 */
export const flowRowsPerSecondLimit = (result: StandInCapacityResult, recordsPerRow = 0.5, rerun = false) => {
  const perRow = itemsPerFanRecord(rerun)
  const bounds = result.calls.flatMap((c) => {
    const items = (perRow[c.call] ?? 0) * recordsPerRow
    return items > 0 && c.itemsPerSecond > 0 ? [{ call: c.call, rowsPerSecond: c.itemsPerSecond / items, secondsPerRow: items / c.itemsPerSecond }] : []
  })
  const bottleneck = bounds.reduce((a, b) => (b.rowsPerSecond < a.rowsPerSecond ? b : a))
  const load = bounds.filter((b) => b.call === calls.put).reduce((sum, b) => sum + b.secondsPerRow, 0)
  const drive = bounds.filter((b) => b.call !== calls.put).reduce((sum, b) => sum + b.secondsPerRow, 0)
  const serial = 1 / Math.max(load, drive)
  return { rowsPerSecond: bottleneck.rowsPerSecond, bottleneck: bottleneck.call, serialRowsPerSecond: serial }
}
