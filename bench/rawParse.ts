import { createReadStream } from "node:fs"
import Papa from "papaparse"

const Parser = (Papa as unknown as { Parser: new (config: object) => { parse(input: string, base: number, ignoreLastRow: boolean): { data: Array<unknown>; meta: { cursor: number } } } }).Parser

/** The parser the workers use (papaparse), on its own: text to rows of fields, counted. The machine's limit for this job. */
export const rawParse = async (path: string) => {
  const decoder = new TextDecoder()
  const parser = new Parser({ delimiter: ",", newline: "\n", quoteChar: '"' })
  let rows = 0
  let pending = ""
  for await (const chunk of createReadStream(path, { highWaterMark: 64 * 1024 })) {
    const input = pending + decoder.decode(chunk as Buffer, { stream: true })
    const parsed = parser.parse(input, 0, true)
    rows += parsed.data.length
    pending = input.slice(parsed.meta.cursor)
  }
  if (pending.length > 0) rows += parser.parse(pending + decoder.decode(), 0, false).data.length
  return { rows: rows - 1 } // without the header
}
