import { tmpdir } from "node:os"
import { join } from "node:path"
import { configDefaults, defineConfig } from "vitest/config"
import { allTests, standInGlobs } from "./vitest.projects.js"

export default defineConfig({
  // The package's own export map ("vf-scoring-workers", "/stages", "/testing") read from src/: the examples' tests import through it.
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  test: {
    testTimeout: 30_000,
    // Workers log every invalid row: show logs of failing tests only.
    silent: "passed-only",
    // CI also keeps a JSON report, from which .ci/run prints its closing count line (one report for all projects).
    reporters: process.env.CI ? ["default", "json"] : ["default"],
    outputFile: { json: "test-results.json" },
    hookTimeout: 60_000,
    // The SDK warns once per process on Node 20 that its releases from 2027 need Node 22 (the whole suite runs on Node 20 and on 24).
    // The runner's stream checkpoints of endpoint runs go to a folder of the tests', not the user's state.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", VF_WORKERS_STATE_DIR: join(tmpdir(), "vf-workers-test-state") },
    // Two cores: one worker process per core, for the run as a whole (the pool is shared by the projects).
    pool: "forks",
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    // Two projects, split by the one list of vitest.projects.ts: `npx vitest run` runs both,
    // `npx vitest run --project unit` only the tests that need no stand-in (no Java, no globalSetup).
    projects: [
      {
        extends: true,
        test: { name: "unit", include: [allTests], exclude: [...configDefaults.exclude, ...standInGlobs] }
      },
      {
        extends: true,
        // The stand-ins start once per run, and only when a test of this project runs.
        test: { name: "standins", include: standInGlobs, globalSetup: ["test/support/globalSetup.ts"] }
      }
    ]
  }
})
