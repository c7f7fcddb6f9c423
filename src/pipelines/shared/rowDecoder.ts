import { Either, Option, ParseResult, Schema, SchemaAST } from "effect"
import { CsvFieldReader, type FieldReader } from "../../services/schemas/csvFields.js"
import type { HeaderIndex } from "./csvHeader.js"
import type { CsvRecord } from "./csvSplitter.js"

interface ColumnPlan {
  readonly column: string
  /** Where the column is in the file's records. */
  readonly position: number
  /** Where the field is in the schema: its slot in the row's values. */
  readonly slot: number
  readonly required: boolean
  /** The codec's own reader (CsvFieldReader), or the identity for plain string columns. */
  readonly read: FieldReader
  /** The field's schema, compiled: the message of a value the reader refused. */
  readonly refusal: (text: string) => string
}

/** Whether text may be all white space: it starts with a character that trim() could remove. */
const mayBeBlank = (text: string) => {
  const first = text.charCodeAt(0)
  return first <= 32 || first === 0xa0 || first >= 0x1680
}

const isPlainString = (ast: SchemaAST.AST) => ast === Schema.String.ast
const identity: FieldReader = (text) => text

/** The column's value schema and whether it must be present, from a Struct field. */
const fieldSchema = (field: Schema.Struct.Field): { schema: Schema.Schema.AnyNoContext; required: boolean } =>
  Schema.isSchema(field)
    ? { schema: field as Schema.Schema.AnyNoContext, required: true }
    : { schema: (field as unknown as { from: Schema.Schema.AnyNoContext }).from, required: false }

const issueMessage = (issue: ParseResult.ParseIssue) => ParseResult.ArrayFormatter.formatIssueSync(issue)[0]?.message ?? "invalid"

/** How a column's text becomes its value: the codec's reader when it has one, else the schema's decoder (a Right or a message). */
const readerOf = (schema: Schema.Schema.AnyNoContext): { read: FieldReader; refusal: (text: string) => string } => {
  const decode = ParseResult.decodeUnknownEither(schema)
  const refusal = (text: string) => Either.match(decode(text), { onLeft: issueMessage, onRight: () => "invalid" })
  if (isPlainString(schema.ast)) return { read: identity, refusal }
  const annotated = SchemaAST.getAnnotation<FieldReader>(schema.ast, CsvFieldReader)
  if (Option.isSome(annotated)) return { read: annotated.value, refusal }
  return { read: (text) => Either.getOrUndefined(decode(text)), refusal }
}

/**
 * A function that makes a row object from its values, one per field of the schema, in
 * the schema's order: an object literal compiled once per schema, so that every row has
 * the same shape (one hidden class) and is built from a boilerplate, without keyed stores.
 * The keys are the schema's own field names, never text from a file.
 */
const rowFactory = (fieldNames: ReadonlyArray<string>): ((values: ReadonlyArray<unknown>) => object) =>
  new Function("v", `return { ${fieldNames.map((name, i) => `${JSON.stringify(name)}: v[${i}]`).join(", ")} }`) as (
    values: ReadonlyArray<unknown>
  ) => object

/**
 * Compiles, once per file, a decoder of CSV records into the Type of `struct`: each
 * column's field schema is compiled once, and a row decodes only its present fields
 * (empty = absent), column by column, without building an intermediate object. Codecs
 * annotated with their reader (CsvFieldReader) are read directly; the schema itself words
 * the failure, the first field's, as `<column>: <what was wrong>`. It agrees with
 * `Schema.decodeUnknownEither(struct)` on the row's non-empty fields. Every field of the
 * schema is a key of the row (undefined when absent or not in the header), so that all
 * rows share one object shape.
 */
export const compileRowDecoder = <Fields extends Schema.Struct.Fields>(
  struct: Schema.Struct<Fields>,
  header: HeaderIndex
): ((record: CsvRecord) => Either.Either<Schema.Struct.Type<Fields>, string>) => {
  const fieldNames = Object.keys(struct.fields)
  const makeRow = rowFactory(fieldNames)
  // One scratch array for the values of the row being read: rows are read one at a time.
  const values: Array<unknown> = Array.from(fieldNames, () => undefined)
  const plans: Array<ColumnPlan> = header.columns.flatMap(([column, position]) => {
    const field = struct.fields[column]
    if (field === undefined) return []
    const { schema, required } = fieldSchema(field)
    return [{ column, position, slot: fieldNames.indexOf(column), required, ...readerOf(schema) }]
  })
  return (record) => {
    if (record.malformed !== undefined) return Either.left(`malformed quoted field: ${record.malformed}`)
    const fields = record.fields
    if (fields.length !== header.width) return Either.left(`expected ${header.width} fields, found ${fields.length}`)
    values.fill(undefined)
    for (let i = 0; i < plans.length; i++) {
      const plan = plans[i]!
      const text = fields[plan.position]!
      if (text.length === 0 || (mayBeBlank(text) && text.trim().length === 0)) {
        if (plan.required) return Either.left(`${plan.column}: required, but empty`)
        continue
      }
      const value = plan.read(text)
      if (value === undefined) return Either.left(`${plan.column}: ${plan.refusal(text)}`)
      values[plan.slot] = value
    }
    return Either.right(makeRow(values) as Schema.Struct.Type<Fields>)
  }
}
