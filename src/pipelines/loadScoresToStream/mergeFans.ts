import { Stream } from "effect"
import { InvalidRow } from "../rows/rowErrors.js"
import { type DecodedBlock, decodeScrubbedBlock } from "./decodeScrubbedBlock.js"
import { FanMerger, type MergedBlock } from "./FanMerger.js"
import { blockJobOf, type ScrubbedFile } from "./scrubbedFile.js"

export type { FanLine, MergedBlock } from "./FanMerger.js"

/**
 * Stage: a scrubbed file's decoded blocks (decodeScrubbedBlocks, in file order) → what
 * each decided: the records of the fans whose rows ended there, the rows refused (by
 * line of the file), the rows taken; then, at the end, the last fan's. A fan's contiguous
 * rows, across blocks too, make one record; a rank already taken is a duplicate; rows of
 * a fan whose record has closed are refused. Each run has its own merger and line count.
 */
export const mergeFans =
  (file: ScrubbedFile) =>
  <E, R>(decoded: Stream.Stream<DecodedBlock, E, R>): Stream.Stream<MergedBlock, E, R> =>
    Stream.suspend(() => {
      const job = blockJobOf(file)
      const merger = new FanMerger(job.campaignIdJson, job.metaJson)
      let header: ReadonlyArray<string> | undefined
      let nextLine = 1
      const place = (block: DecodedBlock): MergedBlock => {
        if (block.index === 0) header = block.header
        const base = nextLine - 1
        nextLine += block.lines
        const again = () => {
          const bytes = { index: block.index, bytes: block.bytes, overlong: false }
          return decodeScrubbedBlock({ ...job, block: bytes, header: block.index === 0 ? undefined : header, keepRows: true }).fans
        }
        const refused = block.rejected.map((row) => new InvalidRow({ line: base + row.line, reason: row.reason }))
        return merger.take({ decoded: block, firstLine: base + 1, again }, refused)
      }
      return Stream.concat(
        Stream.map(decoded, place),
        Stream.sync(() => merger.end())
      )
    })
