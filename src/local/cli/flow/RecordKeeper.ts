import { closeSync, openSync, renameSync, rmSync, writeSync } from "node:fs"
import { join } from "node:path"
import type { EntryPost } from "../../standIns/EntryServiceStandIn.js"
import { recordsOf } from "./streamRecords.js"

/** The two Kinesis streams of the end state. */
export type KeptStream = "scoresStream" | "campaignDataStream"

/** A stream record as Kinesis holds it. */
export interface RawRecord {
  readonly partitionKey: string
  readonly data: Uint8Array
}

/**
 * Where a run keeps the streams' fan records, as the runner reads them: the streams
 * themselves drop what their readers have read, so the records of a dump are written
 * as they go, never held for the end.
 */
export interface RecordKeeper {
  readonly keep: (stream: KeptStream, records: ReadonlyArray<RawRecord>) => void
  /** A POST the Entry Service stand-in accepted. */
  readonly keepPost: (post: EntryPost) => void
  /** Every record is in (a file keeper closes its files). */
  readonly close: () => void
  /** The run failed: what was kept is taken back (a file keeper removes its files, whole or not). */
  readonly discard?: () => void
  /** Where an object the workers wrote to the scoring bucket (a rejects file) is copied; undefined: not kept. */
  readonly objectPath?: (key: string) => string
}

/** Keeps nothing: a run without a dump only counts. */
export const noKeeper: RecordKeeper = { keep: () => undefined, keepPost: () => undefined, close: () => undefined }

/** Keeps the records in memory, parsed (tests, small runs). */
export const collectingKeeper = () => {
  const records: Record<KeptStream, Array<{ partitionKey: string; data: unknown }>> = { scoresStream: [], campaignDataStream: [] }
  const posts: Array<EntryPost> = []
  return {
    records,
    posts,
    keep: (stream: KeptStream, batch: ReadonlyArray<RawRecord>) => void records[stream].push(...recordsOf(batch)),
    keepPost: (post: EntryPost) => void posts.push(post),
    close: () => undefined
  } satisfies RecordKeeper & { records: unknown; posts: unknown }
}

/**
 * A JSON array written one element at a time, byte for byte as `JSON.stringify(array,
 * null, 2)` would write it whole; named `<name>.partial` until it is closed.
 */
export class JsonArrayFile {
  private readonly fd: number
  private elements = 0
  private pending: Array<string> = []
  private pendingBytes = 0
  private closed = false

  constructor(readonly path: string) {
    this.fd = openSync(`${path}.partial`, "w")
  }

  add(value: unknown) {
    const text = `${this.elements++ === 0 ? "[\n" : ",\n"}  ${JSON.stringify(value, null, 2).replaceAll("\n", "\n  ")}`
    this.pending.push(text)
    this.pendingBytes += text.length
    if (this.pendingBytes >= 1 << 20) this.flush()
  }

  close() {
    this.pending.push(this.elements === 0 ? "[]\n" : "\n]\n")
    this.flush()
    closeSync(this.fd)
    this.closed = true
    renameSync(`${this.path}.partial`, this.path)
  }

  /** Takes the file back: closed without a rename and removed, or removed when it was closed. */
  discard() {
    if (!this.closed) {
      this.closed = true
      this.pending = []
      closeSync(this.fd)
      rmSync(`${this.path}.partial`, { force: true })
    } else rmSync(this.path, { force: true })
  }

  private flush() {
    writeSync(this.fd, this.pending.join(""))
    this.pending = []
    this.pendingBytes = 0
  }
}

/** The files of the dump a fileKeeper writes (SPEC §9). */
export const keptFiles = { scoresStream: "scores-stream.json", campaignDataStream: "campaign-data-stream.json", entryService: "entry-service.json" }

/** Writes each stream's records and the Entry Service's POSTs into `dir` as they come; `discard` removes those files. */
export const fileKeeper = (dir: string): RecordKeeper => {
  const files = {
    scoresStream: new JsonArrayFile(join(dir, keptFiles.scoresStream)),
    campaignDataStream: new JsonArrayFile(join(dir, keptFiles.campaignDataStream)),
    entryService: new JsonArrayFile(join(dir, keptFiles.entryService))
  }
  return {
    keep: (stream, batch) => {
      for (const record of recordsOf(batch)) files[stream].add(record)
    },
    keepPost: (post) => files.entryService.add(post),
    close: () => Object.values(files).forEach((file) => file.close()),
    discard: () => Object.values(files).forEach((file) => file.discard()),
    objectPath: (key) => join(dir, key)
  }
}
