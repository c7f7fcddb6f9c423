/**
 * Deterministic randomness for fault injection: the n-th decision of a stream depends
 * only on (seed, stream label, n), so the same seed gives the same decisions in the same
 * order however calls interleave with other streams, and one decision can be recomputed
 * on its own.
 */

/** 32-bit FNV-1a of a label: a stream's own salt. */
const fnv1a = (text: string): number => {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

/** A 32-bit finaliser (murmur3's): spreads nearby inputs (n, n+1) far apart. */
const mix32 = (value: number): number => {
  let h = value >>> 0
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

/** mulberry32: a small, fast PRNG giving numbers in [0, 1). */
export const mulberry32 = (seed: number): (() => number) => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The random numbers of decision `n` (0-based) of stream `label` under `seed`. */
export const decisionRandom = (seed: number, label: string, n: number): (() => number) =>
  mulberry32(mix32(mix32(seed ^ fnv1a(label)) + Math.imul(n + 1, 0x9e3779b9)))

/** Relative weights of the kinds of a mix (`{ throttle: 3, reset: 1 }`); a kind left out or ≤ 0 is never chosen. */
export type FaultMix<K extends string> = Partial<Readonly<Record<K, number>>>

/** A kind of `mix` drawn with `random`, among `allowed` only; undefined when none of them has weight. */
export const pickKind = <K extends string>(
  mix: FaultMix<K>,
  allowed: ReadonlyArray<K>,
  random: () => number
): K | undefined => {
  const weighted = allowed.flatMap((kind) => {
    const weight = mix[kind] ?? 0
    return weight > 0 ? [[kind, weight] as const] : []
  })
  const total = weighted.reduce((sum, [, weight]) => sum + weight, 0)
  if (total <= 0) return undefined
  let draw = random() * total
  for (const [kind, weight] of weighted) {
    draw -= weight
    if (draw < 0) return kind
  }
  return weighted[weighted.length - 1]![0]
}

/** An integer in [min, max], drawn with `random`. */
export const between = (random: () => number, [min, max]: readonly [number, number]): number =>
  Math.round(min + random() * Math.max(0, max - min))

/** Checks a share: a number in [0, 1]. */
export const checkedRate = (rate: number, what: string): number => {
  if (!(rate >= 0 && rate <= 1)) throw new RangeError(`${what} must be in [0, 1], got ${rate}`)
  return rate
}
