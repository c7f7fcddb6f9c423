import { readdirSync, readFileSync } from "node:fs"
import { dirname, join, relative, resolve } from "node:path"
import { describe, expect, it } from "vitest"

/**
 * One direction of dependencies (the design card): services ← pipelines ← handlers / cli,
 * layers → services. Read from the sources' own import and export statements.
 */

const src = resolve("src")

const sourcesUnder = (dir: string): Array<string> =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    return entry.isDirectory() ? sourcesUnder(path) : entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path] : []
  })

const specifiers = (text: string) =>
  [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?\sfrom\s+"([^"]+)"|import\(\s*"([^"]+)"\s*\)/g)].map((m) => m[1] ?? m[2]!)

/** The area of a file of src: its first folder (services, pipelines, layers, handlers, cli), or the entry point. */
const areaOf = (file: string) => relative(src, file).split("/")[0]!.replace(/\.[jt]s$/, "")

/** What each area may import from. */
const allowed: Record<string, ReadonlyArray<string>> = {
  services: ["services"],
  pipelines: ["services", "pipelines"],
  layers: ["services", "layers"],
  handlers: ["services", "pipelines", "layers", "handlers"],
  cli: ["services", "pipelines", "layers", "handlers", "cli"],
  // The package's entry points: "." (index), "/stages" (pipelines' stages only) and "/testing".
  index: ["services", "pipelines", "layers", "handlers", "stages"],
  stages: ["pipelines"],
  // "/testing" (src/testing.ts, src/testing/): the in-memory world, event builders, the counter and reporter run in memory; "/testing/stand-ins".
  testing: ["layers", "handlers", "services", "pipelines", "testing"]
}

/**
 * Known exceptions, each with its reason: the worker-thread layer runs the loader's own
 * block decoder in its threads (the decoder is the pipeline's code, the threads the layer's).
 */
const exceptions = new Set(["layers/node/ScrubbedBlockWorkers.ts → pipelines", "layers/node/scrubbedBlockWorker.ts → pipelines"])

const edges = sourcesUnder(src).flatMap((file) =>
  specifiers(readFileSync(file, "utf8")).map((specifier) => ({
    file: relative(src, file),
    from: areaOf(file),
    specifier,
    to: specifier.startsWith(".") ? areaOf(resolve(dirname(file), specifier)) : `package ${specifier}`
  }))
)

describe("dependencies of src", () => {
  it("reads the imports of every source file", () => {
    expect(edges.length).toBeGreaterThan(300)
    expect(new Set(edges.map((edge) => edge.from))).toEqual(new Set(Object.keys(allowed)))
  })

  it("point one way: services ← pipelines ← handlers / cli, and layers → services", () => {
    const wrong = edges
      .filter((edge) => !edge.to.startsWith("package "))
      .filter((edge) => !allowed[edge.from]!.includes(edge.to) && !exceptions.has(`${edge.file} → ${edge.to}`))
      .map((edge) => `${edge.file} imports ${edge.specifier} (${edge.from} → ${edge.to})`)
    expect(wrong).toEqual([])
  })

  it("keep services and pipelines free of the AWS SDK", () => {
    const sdk = edges.filter((edge) => ["services", "pipelines"].includes(edge.from) && edge.to.startsWith("package @aws-sdk/"))
    expect(sdk.map((edge) => `${edge.file} imports ${edge.specifier}`)).toEqual([])
  })
})
