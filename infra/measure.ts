import { execFileSync } from "node:child_process"
import { join } from "node:path"
import { type Bundle, bundleHandlers } from "./bundle.js"

/** Milliseconds a fresh Node process takes to import a bundle's handler module (median of `runs`). */
export const initMilliseconds = (bundle: Bundle, runs = 5): number => {
  const script = `const t = performance.now(); const m = await import(${JSON.stringify(join(bundle.dir, "index.js"))}); if (typeof m.handler !== "function") process.exit(3); process.stdout.write(String(performance.now() - t))`
  const times = Array.from({ length: runs }, () => Number(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" })))
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!
}

/** `npm run bundles`: builds every bundle and reports its size and its init time (a figure, not a test). */
if (import.meta.url === `file://${process.argv[1]}`) {
  for (const bundle of await bundleHandlers()) {
    const sizes = Object.entries(bundle.files).map(([file, bytes]) => `${file} ${(bytes / 1e6).toFixed(2)} MB`)
    process.stdout.write(`${bundle.name.padEnd(17)} ${sizes.join(", ").padEnd(52)} init ${initMilliseconds(bundle).toFixed(0)} ms\n`)
  }
}
