import { existsSync, readdirSync, readFileSync } from "node:fs"
import { dirname, join, relative, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import { isStandInTest } from "../../vitest.projects.js"

/**
 * The split of vitest.config.ts: a test that needs the stand-ins must be in the list of
 * vitest.projects.ts (the `standins` project); the `unit` project runs without Java and
 * without globalSetup. Read from the tests' text and their imports within the project.
 */

const root = resolve(".")
const path = (file: string) => relative(root, file).split("\\").join("/")

const filesUnder = (dir: string): Array<string> =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = join(dir, entry.name)
    return entry.isDirectory() ? filesUnder(file) : entry.name.endsWith(".ts") ? [file] : []
  })

/** The code of a file without its comments (a comment may well mention inject(…)). */
const code = (file: string) => readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1")

/** The files a file imports by relative path (type-only imports aside: they start nothing). */
const imports = (file: string): Array<string> =>
  [...code(file).matchAll(/(?:^|\n)\s*(?:import|export)\s(?!type\s)[^;]*?\sfrom\s+"(\.[^"]+)"|import\(\s*"(\.[^"]+)"\s*\)/g)]
    .map((m) => resolve(dirname(file), (m[1] ?? m[2]!).replace(/\.js$/, ".ts")))
    .filter(existsSync)

/** Helpers of test/support (and sources) that reach the stand-ins, or start them. */
const standInModules = [
  ...["awsTestClients", "awsTestConfig", "demandTableFixture", "kinesisTestStream", "sqsTestQueue", "motoEndpoint", "motoServer", "ownResources", "singleEndpoint", "globalSetup"].map(
    (name) => `test/support/${name}.ts`
  ),
  "test/support/faults/faultProxy.ts",
  "test/support/standins/",
  ...["awsStandIns", "dynamoStandIn", "kinesisStandIn", "s3StandIn", "sqsStandIn", "spawnStandIn", "localAwsStack"].map((name) => `src/local/standIns/aws/${name}.ts`)
]
const isStandInModule = (file: string) => standInModules.some((entry) => (entry.endsWith("/") ? file.startsWith(entry) : file === entry))

/** Why a test needs the stand-ins: one line a reason, [] when it does not. */
const standInReasons = (test: string): Array<string> => {
  const reasons: Array<string> = []
  const seen = new Set<string>()
  const visit = (file: string) => {
    if (seen.has(file)) return
    seen.add(file)
    const name = path(file)
    if (isStandInModule(name)) return void reasons.push(`imports ${name}`)
    if (!name.startsWith("test/")) return
    if (/\binject\s*\(/.test(code(file))) reasons.push(`calls inject(…)${name === path(test) ? "" : ` in ${name}`}`)
    imports(file).forEach(visit)
  }
  visit(test)
  // The CLI starts the stand-ins unless run --in-memory; --endpoint, bootstrap and reconcile need them.
  const text = code(test)
  if (text.includes("bin/vf-workers.js") || seen.has(resolve("test/support/cliRun.ts"))) {
    const modes = text.match(/"run"(?!\s*,\s*"--in-memory")|"--endpoint"|"bootstrap"|"reconcile"/g) ?? []
    for (const mode of new Set(modes)) reasons.push(`runs the CLI with ${mode}`)
  }
  return reasons
}

const tests = filesUnder(resolve("test"))
  .filter((file) => file.endsWith(".test.ts"))
  .map(path)
  .sort()
/** This file names what it looks for (inject, the CLI's modes): it is not read as a test that uses them. */
const scanned = tests.filter((test) => test !== path(fileURLToPath(import.meta.url)))

describe("the unit and standins projects (vitest.projects.ts)", () => {
  it("see every test, and some in each project", () => {
    expect(tests.length).toBeGreaterThan(80)
    expect(tests.filter(isStandInTest).length).toBeGreaterThan(20)
    expect(tests.filter((test) => !isStandInTest(test)).length).toBeGreaterThan(50)
  })

  it("keep every test that needs a stand-in out of the unit project", () => {
    const misplaced = scanned.filter((test) => !isStandInTest(test)).flatMap((test) => standInReasons(test).map((reason) => `${test} ${reason}`))
    expect(misplaced).toEqual([])
  })

  it("list only tests that need a stand-in", () => {
    // A test listed (or under a listed folder) that reaches no stand-in belongs in `unit`: list the folder's files one by one.
    expect(tests.filter(isStandInTest).filter((test) => standInReasons(test).length === 0)).toEqual([])
  })
})
