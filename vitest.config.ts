import { tmpdir } from "node:os"
import { join } from "node:path"
import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    // Workers log every invalid row: show logs of failing tests only.
    silent: "passed-only",
    // CI also keeps a JSON report, from which .ci/run prints its closing count line.
    reporters: process.env.CI ? ["default", "json"] : ["default"],
    outputFile: { json: "test-results.json" },
    hookTimeout: 60_000,
    globalSetup: ["test/support/globalSetup.ts"],
    // The SDK warns once per process that it will need Node 22 from 2027; Node 20 is the stack.
    // The runner's stream checkpoints of endpoint runs go to a folder of the tests', not the user's state.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", VF_WORKERS_STATE_DIR: join(tmpdir(), "vf-workers-test-state") },
    // Two cores: one worker process per core, stand-ins shared through globalSetup.
    pool: "forks",
    poolOptions: { forks: { maxForks: 2, minForks: 1 } }
  }
})
