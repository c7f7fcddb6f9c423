import { Deferred, Effect, Stream } from "effect"
import { UnreadableFile } from "../../services/errors.js"
import type { CsvBlock } from "../csv/csvBlocks.js"
import { type DecodedBlock, decodeScrubbedBlock } from "./decodeScrubbedBlock.js"
import { inThreadBlockDecoder, type ScrubbedBlockDecoder } from "./ScrubbedBlockDecoder.js"
import { blockJobOf, type ScrubbedFile } from "./scrubbedFile.js"

type Header = ReadonlyArray<string>

const noHeader = (file: string) => new UnreadableFile({ file, line: 1, reason: "empty file: no header row" })

/**
 * Stage: a scrubbed file's blocks (csvBlocks, in file order) → its decoded blocks, in
 * file order. The first block is decoded in this thread (it holds the header); every
 * later one by `decoder` (this thread, or worker threads), `decoder.concurrency` at once,
 * once the header is known. A file whose header is missing or unreadable fails with
 * UnreadableFile. Each run of the stream has its own header.
 */
export const decodeScrubbedBlocks =
  (file: ScrubbedFile, decoder: typeof ScrubbedBlockDecoder.Service = inThreadBlockDecoder) =>
  <E, R>(blocks: Stream.Stream<CsvBlock, E, R>): Stream.Stream<DecodedBlock, E | UnreadableFile, R> =>
    Stream.unwrap(
      Effect.map(Deferred.make<Header, UnreadableFile>(), (header) => {
        const job = blockJobOf(file)
        let known = false
        const readHeader = (decoded: DecodedBlock): Effect.Effect<DecodedBlock, UnreadableFile> => {
          const error = decoded.headerError
          if (error === undefined && decoded.header !== undefined) {
            known = true
            return Effect.as(Deferred.succeed(header, decoded.header), decoded)
          }
          const failure = error === undefined ? noHeader(file.file) : new UnreadableFile({ file: file.file, ...error })
          return Effect.zipRight(Deferred.fail(header, failure), Effect.fail(failure))
        }
        const decode = (block: CsvBlock): Effect.Effect<DecodedBlock, UnreadableFile> =>
          block.index === 0
            ? Effect.flatMap(Effect.sync(() => decodeScrubbedBlock({ ...job, block, header: undefined })), readHeader)
            : Effect.flatMap(Deferred.await(header), (fields) => decoder.decode({ ...job, block, header: fields }))
        const headerless = Stream.suspend(() => (known ? Stream.empty : Stream.fail(noHeader(file.file))))
        return Stream.concat(Stream.mapEffect(blocks, decode, { concurrency: decoder.concurrency }), headerless)
      })
    )
