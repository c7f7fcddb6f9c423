import type { FanlistEntry } from "./decodeFanlistRows.js"

/**
 * De-duplicates a fanlist by identifier over the whole file: the highest score stays,
 * the first row wins a tie. One entry a distinct fan: memory follows fans, not rows.
 */
export class FanlistDedupe {
  private readonly fans = new Map<string, FanlistEntry>()

  /** Keeps the entry if it beats the one of its fan; gives back the line of the row dropped, if any. */
  push(entry: FanlistEntry): number | undefined {
    const key = `${entry.kind}\u0000${entry.id}`
    const kept = this.fans.get(key)
    if (kept === undefined) {
      this.fans.set(key, entry)
      return undefined
    }
    if (entry.row.score > kept.row.score) {
      this.fans.set(key, entry)
      return kept.line
    }
    return entry.line
  }

  get size() {
    return this.fans.size
  }

  /** The survivors by descending score; equal scores in the order their fans were first seen. */
  survivors(): Array<FanlistEntry> {
    return [...this.fans.values()].sort((a, b) => b.row.score - a.row.score)
  }
}
