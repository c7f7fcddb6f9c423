#!/usr/bin/env node
// The built CLI when there is one (npm run build) at least as new as the sources, else the TypeScript sources through tsx:
// a build left behind by an earlier `npm run build` never runs in place of sources edited since.
import { existsSync, readdirSync, statSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"

const built = fileURLToPath(new URL("../dist/local/cli/main.js", import.meta.url))
const sources = fileURLToPath(new URL("../src", import.meta.url))

/** The newest modification time of the files under `dir` (0 when there is none). */
const newestUnder = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
    const path = join(dir, entry.name)
    return Math.max(newest, entry.isDirectory() ? newestUnder(path) : statSync(path).mtimeMs)
  }, 0)

const builtIsCurrent = () => existsSync(built) && (!existsSync(sources) || statSync(built).mtimeMs >= newestUnder(sources))

// Loading the runner takes a second or two (from the sources, through tsx): on a terminal, say so at once.
if (process.stderr.isTTY && process.argv[2] === "run") process.stderr.write("vf-workers run: starting\n")

if (builtIsCurrent()) {
  await import(pathToFileURL(built).href)
} else {
  const { register } = await import("tsx/esm/api")
  register()
  await import(new URL("../src/local/cli/main.ts", import.meta.url).href)
}
