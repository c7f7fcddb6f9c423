/**
 * A set of ids kept as 64-bit hashes in typed arrays: 16 bytes an id at most, and no
 * string is retained (ids cut from a parser's chunk would keep the whole chunk alive).
 * Two different ids are taken for the same one only if both 32-bit halves of their
 * hashes collide: about n² / 2⁶⁵, 3·10⁻⁷ for 3.5 million ids.
 */
export class HashedIdSet {
  private table: Uint32Array
  private count = 0

  constructor(initialCapacity = 1024) {
    this.table = new Uint32Array(2 * powerOfTwoAtLeast(initialCapacity))
  }

  get size() {
    return this.count
  }

  has(id: string): boolean {
    return this.hasHash(hashHigh(id), hashLow(id))
  }

  /** Adds the id; false when it was there already. */
  add(id: string): boolean {
    return this.addHash(hashHigh(id), hashLow(id))
  }

  /** `has` of an id whose two hashes (idHash) are known: an id looked up and added later is hashed once. */
  hasHash(high: number, low: number): boolean {
    return this.find(this.table, high, low) < 0
  }

  addHash(high: number, low: number): boolean {
    const slot = this.find(this.table, high, low)
    if (slot < 0) return false
    this.table[slot] = high
    this.table[slot + 1] = low
    if (++this.count * 2 > this.table.length / 2) this.grow()
    return true
  }

  /** The free slot for the hash (≥ 0), or -1 when it is present. */
  private find(table: Uint32Array, high: number, low: number): number {
    const mask = table.length / 2 - 1
    for (let i = low & mask; ; i = (i + 1) & mask) {
      const h = table[2 * i]!
      const l = table[2 * i + 1]!
      if (h === 0 && l === 0) return 2 * i
      if (h === high && l === low) return -1
    }
  }

  private grow() {
    const old = this.table
    const table = new Uint32Array(old.length * 2)
    for (let i = 0; i < old.length; i += 2) {
      if (old[i] === 0 && old[i + 1] === 0) continue
      const slot = this.find(table, old[i]!, old[i + 1]!)
      table[slot] = old[i]!
      table[slot + 1] = old[i + 1]!
    }
    this.table = table
  }
}

const powerOfTwoAtLeast = (n: number) => 2 ** Math.ceil(Math.log2(Math.max(2, n)))

/** An id's two hashes, for hasHash and addHash. */
export const idHash = (id: string) => ({ high: hashHigh(id), low: hashLow(id) })

/** FNV-1a over UTF-16 code units. */
const hashHigh = (id: string) => {
  let h = 0x811c9dc5
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193)
  return h >>> 0
}

/** A multiply-xorshift hash with another seed; never 0, so (0, 0) marks a free slot. */
const hashLow = (id: string) => {
  let h = 0x9e3779b9 ^ id.length
  for (let i = 0; i < id.length; i++) {
    h = Math.imul(h ^ id.charCodeAt(i), 0x5bd1e995)
    h ^= h >>> 15
  }
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0 || 1
}
