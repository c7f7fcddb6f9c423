import { Context, Effect, Layer, Option } from "effect"
import { type DecodedBlock, decodeScrubbedBlock, type ScrubbedBlockJob } from "./decodeScrubbedBlock.js"

/**
 * Where blocks of a scrubbed file are decoded: in this thread (the default), or by a
 * pool of worker threads (layers/node/ScrubbedBlockWorkers) that decodes `concurrency`
 * blocks at once while this thread merges and sends what came before.
 */
export class ScrubbedBlockDecoder extends Context.Tag("ScrubbedBlockDecoder")<
  ScrubbedBlockDecoder,
  {
    /** Blocks decoded at once (the pipeline keeps this many in flight, in file order). */
    readonly concurrency: number
    /** Bytes of a block: small in this thread (its rows stay young), larger for a worker (fewer hand-overs). */
    readonly blockBytes: number
    readonly decode: (job: ScrubbedBlockJob) => Effect.Effect<DecodedBlock>
  }
>() {}

export const inThreadBlockDecoder: Context.Tag.Service<ScrubbedBlockDecoder> = {
  concurrency: 1,
  blockBytes: 64 * 1024,
  decode: (job) => Effect.sync(() => decodeScrubbedBlock(job))
}

export const InThreadBlockDecoder = Layer.succeed(ScrubbedBlockDecoder, inThreadBlockDecoder)

/** The decoder provided, else this thread. */
export const blockDecoder = Effect.map(Effect.serviceOption(ScrubbedBlockDecoder), Option.getOrElse(() => inThreadBlockDecoder))
