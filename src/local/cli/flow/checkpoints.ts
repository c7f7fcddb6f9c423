import { createHash } from "node:crypto"
import { mkdir, readFile, rename, writeFile } from "node:fs/promises"
import { homedir } from "node:os"
import { join } from "node:path"
import { Config, Effect } from "effect"

/** Where each shard of a stream was read and delivered up to: its last sequence number. */
export type ShardPositions = ReadonlyMap<string, string>

/**
 * A stream as its checkpoint knows it: by `name` (`stream scores-stream`), the same
 * whenever it is made, and by `incarnation` (its ARN and creation time), which changes
 * when the stream (or the table of a table stream) is made again under that name.
 */
export interface StreamIdentity {
  readonly name: string
  readonly incarnation: string
}

/** The positions kept for one incarnation of a stream; "" for a checkpoint kept before incarnations were. */
export interface StreamCheckpoint {
  readonly incarnation: string
  readonly shards: ShardPositions
}

/**
 * The runner's checkpoints of the streams it reads at an endpoint, kept between runs as an
 * event source mapping keeps its own: a run killed mid-file leaves records read but not yet
 * handled, and the next run goes on from the last position handled instead of from now.
 */
export interface Checkpoints {
  /** The checkpoint kept under a stream's name; undefined when it was never read from here. */
  readonly load: (name: string) => Effect.Effect<StreamCheckpoint | undefined>
  readonly save: (name: string, checkpoint: StreamCheckpoint) => Effect.Effect<void>
}

/**
 * Where a run goes on in `stream`: the positions a run before kept in this incarnation of
 * it; none (undefined) when it was never read from here. A checkpoint of another
 * incarnation (the stream made again: its sequence numbers start over, and an old position
 * would skip its records silently), or of an unknown one, is never used: the stream is
 * read whole, every shard from its oldest record, as the stack's mappings start. Either
 * way an empty checkpoint of this incarnation is kept at once: a run killed before it kept
 * a position is followed by one that reads every shard from its oldest record (the
 * consumers are idempotent) rather than from now.
 */
export const positionsToGoOn = (checkpoints: Checkpoints, stream: StreamIdentity) =>
  Effect.gen(function* () {
    const kept = yield* checkpoints.load(stream.name)
    if (kept !== undefined && kept.incarnation !== "" && kept.incarnation === stream.incarnation) return kept.shards
    yield* checkpoints.save(stream.name, { incarnation: stream.incarnation, shards: new Map() })
    return kept === undefined ? undefined : new Map<string, string>()
  })

/** VF_WORKERS_STATE_DIR, else $XDG_STATE_HOME/vf-workers, else ~/.local/state/vf-workers. */
export const stateDir = Effect.gen(function* () {
  const explicit = yield* Config.option(Config.string("VF_WORKERS_STATE_DIR"))
  if (explicit._tag === "Some") return explicit.value
  const xdg = yield* Config.string("XDG_STATE_HOME").pipe(Config.withDefault(join(homedir(), ".local", "state")))
  return join(xdg, "vf-workers")
}).pipe(Effect.orElseSucceed(() => join(homedir(), ".local", "state", "vf-workers")))

interface CheckpointFile {
  readonly incarnation?: string
  readonly shards: Record<string, string>
}

/** One JSON file per endpoint and stream under `dir`; a file that cannot be read counts as none (the run then starts from now). */
export const fileCheckpoints = (dir: string, endpoint: string): Checkpoints => {
  const fileOf = (name: string) =>
    join(dir, `checkpoint-${createHash("sha256").update(`${endpoint}\u0000${name}`).digest("hex").slice(0, 24)}.json`)
  return {
    load: (name) =>
      Effect.promise(() =>
        readFile(fileOf(name), "utf8")
          .then((text) => {
            const { incarnation, shards } = JSON.parse(text) as CheckpointFile
            return { incarnation: incarnation ?? "", shards: new Map(Object.entries(shards)) }
          })
          .catch(() => undefined)
      ),
    save: (name, { incarnation, shards }) =>
      Effect.promise(async () => {
        await mkdir(dir, { recursive: true })
        const file = fileOf(name)
        const content = JSON.stringify({ endpoint, resource: name, incarnation, shards: Object.fromEntries(shards) }, null, 2)
        await writeFile(`${file}.tmp`, content)
        await rename(`${file}.tmp`, file) // whole or not at all, even if the run is killed here
      })
  }
}
