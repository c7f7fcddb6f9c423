/** A count as people read it: 75,000. Absent or non-numbers read 0. */
export const count = (n: unknown) => Number(n ?? 0).toLocaleString("en-US")

/** `3 records`, `1 record`. */
export const plural = (n: number, word: string) => `${count(n)} ${word}${n === 1 ? "" : "s"}`
