import { createHash } from "node:crypto"
import { mkdir, readFile, rename, writeFile } from "node:fs/promises"
import { homedir } from "node:os"
import { join } from "node:path"
import { Config, Effect } from "effect"

/** Where each shard of a stream was read and delivered up to: its last sequence number. */
export type ShardPositions = ReadonlyMap<string, string>

/**
 * The runner's checkpoints of the streams it reads at an endpoint, kept between runs as an
 * event source mapping keeps its own: a run killed mid-file leaves records read but not yet
 * handled, and the next run goes on from the last position handled instead of from now.
 */
export interface Checkpoints {
  /** The positions saved for a stream; undefined when it was never read from here. */
  readonly load: (resource: string) => Effect.Effect<ShardPositions | undefined>
  readonly save: (resource: string, positions: ShardPositions) => Effect.Effect<void>
}

/** VF_WORKERS_STATE_DIR, else $XDG_STATE_HOME/vf-workers, else ~/.local/state/vf-workers. */
export const stateDir = Effect.gen(function* () {
  const explicit = yield* Config.option(Config.string("VF_WORKERS_STATE_DIR"))
  if (explicit._tag === "Some") return explicit.value
  const xdg = yield* Config.string("XDG_STATE_HOME").pipe(Config.withDefault(join(homedir(), ".local", "state")))
  return join(xdg, "vf-workers")
}).pipe(Effect.orElseSucceed(() => join(homedir(), ".local", "state", "vf-workers")))

/** One JSON file per endpoint and stream under `dir`; a file that cannot be read counts as none (the run then starts from now). */
export const fileCheckpoints = (dir: string, endpoint: string): Checkpoints => {
  const fileOf = (resource: string) =>
    join(dir, `checkpoint-${createHash("sha256").update(`${endpoint}\u0000${resource}`).digest("hex").slice(0, 24)}.json`)
  return {
    load: (resource) =>
      Effect.promise(() =>
        readFile(fileOf(resource), "utf8").then(
          (text) => new Map(Object.entries((JSON.parse(text) as { shards: Record<string, string> }).shards)),
          () => undefined
        )
      ),
    save: (resource, positions) =>
      Effect.promise(async () => {
        await mkdir(dir, { recursive: true })
        const file = fileOf(resource)
        const content = JSON.stringify({ endpoint, resource, shards: Object.fromEntries(positions) }, null, 2)
        await writeFile(`${file}.tmp`, content)
        await rename(`${file}.tmp`, file) // whole or not at all, even if the run is killed here
      })
  }
}
