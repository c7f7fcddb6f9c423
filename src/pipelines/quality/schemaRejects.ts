import { Either, type Schema } from "effect"
import { indexHeader } from "../csv/csvHeader.js"
import { ErrorList } from "../rows/errorList.js"
import { RejectedLines } from "./RejectedLines.js"
import type { InvalidReasons } from "./rejectsFile.js"
import { compileRowDecoder } from "../rows/rowDecoder.js"
import type { RowTally } from "../rows/tallyRows.js"

/**
 * The reasons of a file's invalid rows worded again from the rows, as decodeCsvRows(file,
 * struct) worded them (`<column>: <what was wrong>`): what writeRejectsFile and fileQuality
 * need for rows past the first 100 a tally keeps. A row the schema takes has no reason.
 */
export const schemaInvalidReasons =
  <Fields extends Schema.Struct.Fields>(file: string, struct: Schema.Struct<Fields>): InvalidReasons =>
  (header) => {
    const index = indexHeader(file, header, Object.keys(struct.fields), [])
    if (Either.isLeft(index)) return () => undefined
    const decode = compileRowDecoder(struct, index.right)
    return (record) => Either.match(decode(record), { onLeft: (reason) => reason, onRight: () => undefined })
  }

/**
 * A tally of a file's rows (dropRefused, countRows) that also marks every refused row's line
 * for its rejects file (SPEC §12): `rejected` is what fileQuality's RefusedRows takes.
 */
export const rowTallyWithRejects = (): RowTally & { readonly rejected: RejectedLines } => ({
  valid: 0,
  invalid: 0,
  duplicate: 0,
  errors: new ErrorList(),
  rejected: new RejectedLines()
})
