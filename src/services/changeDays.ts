/** The UTC day (`YYYY-MM-DD`) of an epoch-ms time: what `meta:counts` records as changedDay. */
export const changeDay = (epochMs: number) => new Date(epochMs).toISOString().slice(0, "YYYY-MM-DD".length)

const dayMs = 24 * 60 * 60 * 1000

/** The UTC days from the one holding `since` to the one holding `now`, oldest first (one when both fall on the same day). */
export const changeDays = (since: number, now: number): Array<string> => {
  const days: Array<string> = []
  for (let at = Math.floor(since / dayMs) * dayMs; at <= now; at += dayMs) days.push(changeDay(at))
  return days
}
