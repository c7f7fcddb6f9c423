import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import S3rver from "s3rver"
import { loopbackUrl, type StandIn } from "./StandIn.js"

/** s3rver, in-process, over a temporary directory removed on stop. Credentials S3RVER/S3RVER. */
export const startS3 = async (): Promise<StandIn> => {
  const directory = await mkdtemp(join(tmpdir(), "s3rver-"))
  const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory })
  const { port } = await server.run()
  return {
    endpoint: loopbackUrl(port),
    stop: async () => {
      await server.close()
      await rm(directory, { recursive: true, force: true })
    }
  }
}
