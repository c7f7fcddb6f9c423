import { inject } from "vitest"
import { motoInstallHint } from "./motoServer.js"

/**
 * The endpoint of the moto_server the test run started (globalSetup); a test that needs
 * it fails, saying why, when it could not start — never skips.
 */
export const motoEndpoint = (): string => {
  const endpoint = inject("motoEndpoint")
  if (endpoint !== "") return endpoint
  const why = inject("motoUnavailable")
  throw new Error(`moto_server is needed by these tests and did not start: ${why === "" ? motoInstallHint : why}`)
}
