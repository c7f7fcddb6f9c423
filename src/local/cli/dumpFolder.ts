import { mkdirSync, rmdirSync, rmSync } from "node:fs"
import { dirname, join, relative, resolve, sep } from "node:path"
import { Effect, type Scope } from "effect"
import { fileKeeper, type RecordKeeper } from "./flow/RecordKeeper.js"

/**
 * The dump's folder for one run (SPEC §9): made when the run starts, the streams' records
 * and the Entry Service's POSTs written into it as they are read (its keeper), the rest at
 * the end (writeDump). Until the dump is whole, whatever ends the run — a failure at any
 * step, an interruption — takes back every file the run wrote there, and the folders the run
 * made: no half-written dump is left behind. A run that fails after its dump is whole (files
 * not loaded, records given up: it exits 1) keeps it, since the dump says what happened.
 */
export interface DumpFolder {
  readonly dir: string
  readonly keeper: RecordKeeper
  /** A file about to be written into the folder outside the keeper (report.json …): taken back too if the run fails. */
  readonly writing: (path: string) => void
  /** Every file of the dump is written: nothing is taken back from now on. */
  readonly whole: () => void
}

const quietly = (remove: () => void) => {
  try {
    remove()
  } catch {
    // Not there, or not empty (a file the run did not write): left as it is.
  }
}

/** Removes `from` and each folder above it while they are empty, up to `last` (removed too) — all inside or at `last`. */
const removeEmptyFolders = (from: string, last: string) => {
  for (let dir = from; !relative(last, dir).startsWith(".."); dir = dirname(dir)) {
    quietly(() => rmdirSync(dir))
    if (dir === last) return
  }
}

/** The folder, its keeper, and what takes back everything written into it. */
const openFolder = (dir: string) => {
  const top = resolve(dir)
  // The first folder mkdir made (the dump's own or one above it); undefined when it was there.
  const made = mkdirSync(dir, { recursive: true })
  const removeMade = () => made !== undefined && removeEmptyFolders(top, resolve(made))
  const written = new Set<string>()
  const track = (path: string) => (written.add(resolve(path)), path)
  const state = { whole: false }
  let files: RecordKeeper
  try {
    files = fileKeeper(dir)
  } catch (error) {
    removeMade()
    throw error
  }
  const takeBack = () => {
    if (state.whole) return
    quietly(() => files.discard?.())
    for (const path of written) quietly(() => rmSync(path, { force: true }))
    // The folders the copies went into (rejects/…), inside the dump's; then the dump's own when the run made it.
    for (const path of written) if (dirname(path) !== top) removeEmptyFolders(dirname(path), join(top, relative(top, path).split(sep)[0]!))
    removeMade()
  }
  // The objects copied into the folder (rejects files) are taken back with the rest.
  const keeper: RecordKeeper = { ...files, objectPath: (key) => track(files.objectPath!(key)) }
  const folder: DumpFolder = { dir, keeper, writing: (path) => void track(path), whole: () => void (state.whole = true) }
  return { folder, takeBack }
}

/** Makes the folder (and those above it that are missing) for the scope; takes the dump back when the scope ends before `whole`. */
export const dumpFolder = (dir: string): Effect.Effect<DumpFolder, Error, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.try({
      try: () => openFolder(dir),
      catch: (error) => new Error(`--dump ${dir}: ${error instanceof Error ? error.message : String(error)}`)
    }),
    ({ takeBack }) => Effect.sync(takeBack)
  ).pipe(Effect.map(({ folder }) => folder))
