import type { FanlistEntry, IdentifierKind } from "./decodeFanlistRows.js"

/**
 * A copy of a string that holds nothing else alive. An id the parser cut from its 64 KiB
 * chunk of text is a view of that chunk (V8 sliced strings), and concatenating or
 * slicing it again still makes views; a JSON round trip builds a new flat string of
 * exactly the same text.
 */
const ownCopy = (text: string | undefined): string | undefined =>
  text === undefined ? undefined : (JSON.parse(JSON.stringify(text)) as string)

const identifierKinds: ReadonlyArray<IdentifierKind> = ["globalUserId", "memberId", "email"]

/**
 * De-duplicates a fanlist by identifier over the whole file: the highest score stays,
 * the first row wins a tie. Memory follows distinct fans, never rows: each fan is one
 * slot of parallel columns (its row's three ids, score, isVerified, line) and one entry
 * in the lookup of its identifier kind, keyed by the very id string the slot holds;
 * no row object, no CSV text is kept.
 */
export class FanlistDedupe {
  private readonly lookup: Record<IdentifierKind, Map<string, number>> = {
    globalUserId: new Map(),
    memberId: new Map(),
    email: new Map()
  }
  private readonly ids: Record<IdentifierKind, Array<string | undefined>> = { globalUserId: [], memberId: [], email: [] }
  private scores = new Float64Array(1024)
  private lines = new Uint32Array(1024)
  private verified = new Uint8Array(1024)
  private count = 0

  get size() {
    return this.count
  }

  /** Keeps the entry if it beats the one of its fan; gives back the line of the row dropped, if any. */
  push(entry: FanlistEntry): number | undefined {
    const slot = this.lookup[entry.kind].get(entry.id)
    if (slot === undefined) {
      const fresh = this.claim()
      this.write(fresh, entry)
      this.lookup[entry.kind].set(this.ids[entry.kind][fresh]!, fresh)
      return undefined
    }
    if (entry.row.score <= this.scores[slot]!) return entry.line
    const dropped = this.lines[slot]!
    this.write(slot, entry)
    return dropped
  }

  /**
   * The survivors by descending score; equal scores in the order their fans were first
   * seen. Once only: the lookup is let go, and each entry is rebuilt as it is pulled.
   */
  *survivors(): Generator<FanlistEntry> {
    for (const kind of identifierKinds) this.lookup[kind].clear()
    const scores = this.scores
    const order = new Uint32Array(this.count).map((_, i) => i)
    order.sort((a, b) => scores[b]! - scores[a]! || a - b)
    for (const slot of order) yield this.entryOf(slot)
  }

  private entryOf(slot: number): FanlistEntry {
    const [globalUserId, memberId, email] = identifierKinds.map((kind) => this.ids[kind][slot])
    const kind = identifierKinds.find((k) => this.ids[k][slot] !== undefined)!
    const row = {
      ...(globalUserId === undefined ? {} : { globalUserId }),
      ...(memberId === undefined ? {} : { memberId }),
      ...(email === undefined ? {} : { email }),
      score: this.scores[slot]!,
      isVerified: this.verified[slot] === 1
    }
    return { line: this.lines[slot]!, kind, id: this.ids[kind][slot]!, row }
  }

  /** Stores the row's values in the slot; the identifier's string is copied once, when the fan is new. */
  private write(slot: number, entry: FanlistEntry) {
    for (const kind of identifierKinds) {
      const value = entry.row[kind]
      this.ids[kind][slot] = kind === entry.kind && this.ids[kind][slot] !== undefined ? this.ids[kind][slot] : ownCopy(value)
    }
    this.scores[slot] = entry.row.score
    this.lines[slot] = entry.line
    this.verified[slot] = entry.row.isVerified === false ? 0 : 1
  }

  /** A new slot, the typed columns doubled when full. */
  private claim(): number {
    if (this.count === this.scores.length) {
      const grow = <T extends Float64Array | Uint32Array | Uint8Array>(column: T, next: T) => (next.set(column), next)
      this.scores = grow(this.scores, new Float64Array(this.count * 2))
      this.lines = grow(this.lines, new Uint32Array(this.count * 2))
      this.verified = grow(this.verified, new Uint8Array(this.count * 2))
    }
    return this.count++
  }
}
