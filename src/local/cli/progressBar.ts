import { count } from "./format.js"

/** Where a file's load stands: the bytes of the object read so far of its size, the rows in them, the seconds since it began. */
export interface LoadSnapshot {
  /** `[1/2] scrubbed/registrants.c1….csv` */
  readonly label: string
  readonly bytes: number
  readonly size: number
  readonly rows: number
  readonly seconds: number
  /** Fan records the load has put to the scores stream so far (a fanlist's load puts none there). */
  readonly out?: number
}

/** The share of the object read, 0 to 1 (an empty object is read whole). */
export const shareRead = ({ bytes, size }: Pick<LoadSnapshot, "bytes" | "size">) => (size <= 0 ? 1 : Math.min(1, Math.max(0, bytes / size)))

/** `[#######-------]`: `width` characters in all, the brackets included. */
export const bar = (share: number, width: number) => {
  const inside = Math.max(0, width - 2)
  const done = Math.floor(Math.min(1, Math.max(0, share)) * inside)
  return `[${"#".repeat(done)}${"-".repeat(inside - done)}]`
}

/** `35%`, rounded down: 100% only when every byte was read. */
export const percent = (share: number) => `${Math.floor(share * 100)}%`

/** `5,100 rows/s`; none yet in the first tenth of a second. */
export const rowsPerSecond = (rows: number, seconds: number) => `${seconds < 0.1 ? 0 : count(Math.round(rows / seconds))} rows/s`

/** `42 s`, `3 min 05 s`, `1 h 02 min`. */
export const duration = (seconds: number) => {
  const s = Math.max(0, Math.round(seconds))
  if (s < 60) return `${s} s`
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")} min`
}

/** The time left at the pace so far: `ETA 42 s`, `ETA ?` until a pace is known (a second in, something read). */
export const eta = (snapshot: LoadSnapshot) => {
  const share = shareRead(snapshot)
  if (share >= 1) return "ETA 0 s"
  if (snapshot.seconds < 1 || snapshot.bytes <= 0) return "ETA ?"
  return `ETA ${duration((snapshot.seconds * (snapshot.size - snapshot.bytes)) / snapshot.bytes)}`
}

/** `33.6 MB`, `12.3 kB`, `512 bytes`. */
export const fileSize = (bytes: number) =>
  bytes >= 1_000_000 ? `${(bytes / 1_000_000).toFixed(1)} MB` : bytes >= 1_000 ? `${(bytes / 1_000).toFixed(1)} kB` : `${bytes} bytes`

/**
 * The figures after the label: share, rows, pace, time left. Once the whole file is read the
 * load may still be putting what it read (a slow stream takes longer than reading): it says
 * so, with the records out so far, instead of a time left it cannot know.
 */
const figures = (snapshot: LoadSnapshot) => {
  const rows = `${count(snapshot.rows)} rows`
  if (shareRead(snapshot) >= 1) {
    const out = snapshot.out === undefined || snapshot.out === 0 ? "writing out the rest" : `${count(snapshot.out)} records out so far`
    return `all ${fileSize(snapshot.size)} read, ${rows}, ${out}`
  }
  return `${percent(shareRead(snapshot))} of ${fileSize(snapshot.size)}, ${rows}, ${rowsPerSecond(snapshot.rows, snapshot.seconds)}, ${eta(snapshot)}`
}

/** The label cut to `width` characters, its start kept and its end (the file's name) cut with `…`. */
const cut = (label: string, width: number) => (label.length <= width ? label : width <= 1 ? "…".slice(0, width) : `${label.slice(0, width - 1)}…`)

/** The label's room before the bar gives up its own: enough to tell the file. */
const labelRoom = 32

/**
 * A terminal's status line for a load, `columns` wide at most: the label, a bar of up to 30
 * characters, then the figures. Short of room, the bar narrows (and goes under 7 characters),
 * then the label is cut; the figures stay whole while they fit.
 */
export const barLine = (snapshot: LoadSnapshot, columns: number) => {
  const numbers = figures(snapshot)
  const barWidth = Math.max(0, Math.min(30, columns - numbers.length - labelRoom - 2))
  const drawn = barWidth >= 7 ? `${bar(shareRead(snapshot), barWidth)} ` : ""
  const room = columns - drawn.length - numbers.length - 1
  const line = room >= 10 ? `${cut(snapshot.label, room)} ${drawn}${numbers}` : `${drawn}${numbers}`
  return line.length <= columns ? line : line.slice(0, Math.max(0, columns))
}

/** A plain progress line for a log or a pipe: `[1/1] key: 35% of 33.6 MB, 70,000 rows, 5,100 rows/s, ETA 25 s`. */
export const plainLine = (snapshot: LoadSnapshot) => `${snapshot.label}: ${figures(snapshot)}`
