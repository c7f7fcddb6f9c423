/** The part of s3rver (which ships no types) the S3 stand-in uses. */
declare module "s3rver" {
  import type { IncomingMessage, ServerResponse } from "node:http"
  import type { AddressInfo } from "node:net"

  interface S3rverOptions {
    address?: string
    port?: number
    silent?: boolean
    directory?: string
    resetOnClose?: boolean
    allowMismatchedSignatures?: boolean
    vhostBuckets?: boolean
    configureBuckets?: ReadonlyArray<{ name: string; configs?: ReadonlyArray<string | Buffer> }>
  }

  export default class S3rver {
    constructor(options?: S3rverOptions)
    run(): Promise<AddressInfo>
    close(): Promise<void>
    /** The Koa app's request listener, for a server of one's own. */
    callback(): (request: IncomingMessage, response: ServerResponse) => void
  }
}
