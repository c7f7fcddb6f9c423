import { detached, detachedStrings } from "../shared/detached.js"
import type { FanlistEntry } from "./decodeFanlistRows.js"

/** The entry as kept: its strings copied out of the parser's chunk (see detached). */
const kept = (entry: FanlistEntry): FanlistEntry => ({ ...entry, id: detached(entry.id), row: detachedStrings(entry.row) })

/**
 * De-duplicates a fanlist by identifier over the whole file: the highest score stays,
 * the first row wins a tie. One entry a distinct fan: memory follows fans, not rows.
 */
export class FanlistDedupe {
  private readonly fans = new Map<string, FanlistEntry>()

  /** Keeps the entry if it beats the one of its fan; gives back the line of the row dropped, if any. */
  push(entry: FanlistEntry): number | undefined {
    const key = `${entry.kind}\u0000${entry.id}`
    const current = this.fans.get(key)
    if (current === undefined) {
      this.fans.set(detached(key), kept(entry))
      return undefined
    }
    if (entry.row.score > current.row.score) {
      this.fans.set(key, kept(entry))
      return current.line
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
