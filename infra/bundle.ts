import { mkdirSync, rmSync, statSync, writeFileSync } from "node:fs"
import { basename, join } from "node:path"
import { build } from "esbuild"
import { extraEntries, type HandlerName, handlerModules } from "./handlers.js"

export interface Bundle {
  readonly name: HandlerName
  /** The folder deployed as the function's code: index.js (the handler) and what it loads. */
  readonly dir: string
  /** Bytes of each JavaScript file of the bundle, minified. */
  readonly files: Record<string, number>
  /** The source files and packages bundled in (esbuild's inputs, from the project folder). */
  readonly inputs: ReadonlyArray<string>
}

const root = new URL("..", import.meta.url).pathname

/** ES modules that may still call require() (CommonJS dependencies bundled into them). */
const requireShim = `import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);`

/** The bundle of one handler in `outDir/<name>/`: `index.js` exports `handler`. */
export const bundleHandler = async (name: HandlerName, outDir: string): Promise<Bundle> => {
  const dir = join(outDir, name)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const extra = (extraEntries[name] ?? []).map((entry) => ({ in: join(root, entry), out: basename(entry, ".ts") }))
  const result = await build({
    entryPoints: [{ in: join(root, `src/handlers/${handlerModules[name]}.ts`), out: "index" }, ...extra],
    outdir: dir,
    bundle: true,
    minify: true,
    platform: "node",
    // The packages' ES builds first (the SDK's dist-es): unused commands and their schemas are shaken out.
    mainFields: ["module", "main"],
    target: "node24",
    format: "esm",
    banner: { js: requireShim },
    legalComments: "none",
    metafile: true,
    logLevel: "warning"
  })
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ type: "module" })}\n`)
  const files = Object.fromEntries(Object.keys(result.metafile.outputs).map((file) => [basename(file), statSync(join(root, file)).size]))
  return { name, dir, files, inputs: Object.keys(result.metafile.inputs) }
}

/**
 * One minified ES-module bundle per handler (esbuild), the AWS SDK included (its version is
 * the one tested, not the runtime's), in `outDir/<name>/`.
 */
export const bundleHandlers = async (outDir = join(root, ".build/lambda")): Promise<ReadonlyArray<Bundle>> => {
  rmSync(outDir, { recursive: true, force: true })
  const bundles: Array<Bundle> = []
  for (const name of Object.keys(handlerModules) as Array<HandlerName>) bundles.push(await bundleHandler(name, outDir))
  return bundles
}
