import { Either, Option, ParseResult, Schema, SchemaAST } from "effect"
import { CsvFieldReader, type FieldReader } from "../../services/schemas/csvFields.js"
import type { HeaderIndex } from "../csv/csvHeader.js"
import type { CsvRecord } from "../csv/csvSplitter.js"
import { recordRefusal } from "../csv/recordRefusal.js"

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

/** Whether a field counts as empty: no text, or white space only. */
const isBlank = (text: string) => text.length === 0 || (mayBeBlank(text) && text.trim().length === 0)

/** A compiled reader of one record's fields: the row, or the reason the row is refused. */
export type RowReader<Row> = (fields: ReadonlyArray<string>) => Row | string

/**
 * Compiles, once per header, the straight-line code that reads a record's fields into a
 * row: for each known column, in header order, its blank check and its reader (each call
 * site sees one reader, so V8 inlines it), then one object literal with every field of
 * the schema (undefined when absent), so every row has one shape and is built without
 * keyed stores. Only positions, slots and the schema's own field names and messages go
 * into the code; the file's text never does.
 */
const compileReader = (plans: ReadonlyArray<ColumnPlan>, fieldNames: ReadonlyArray<string>, width: number) => {
  const text = JSON.stringify
  const body = [`if (fields.length !== ${width}) return ${text(`expected ${width} fields, found `)} + fields.length;`]
  plans.forEach((plan, i) => {
    const empty = plan.required ? `return ${text(`${plan.column}: required, but empty`)};` : ""
    body.push(
      `let v${plan.slot}; { const t = fields[${plan.position}]; if (blank(t)) { ${empty} } else { v${plan.slot} = read[${i}](t);`,
      `  if (v${plan.slot} === undefined) return ${text(`${plan.column}: `)} + refusal[${i}](t); } }`
    )
  })
  const known = new Set(plans.map((plan) => plan.slot))
  body.push(`return { ${fieldNames.map((name, slot) => `${text(name)}: ${known.has(slot) ? `v${slot}` : "undefined"}`).join(", ")} };`)
  const compiled = new Function("blank", "read", "refusal", `return (fields) => {\n${body.join("\n")}\n}`) as (
    blank: (text: string) => boolean,
    read: ReadonlyArray<FieldReader>,
    refusal: ReadonlyArray<(text: string) => string>
  ) => RowReader<object>
  return compiled(isBlank, plans.map((plan) => plan.read), plans.map((plan) => plan.refusal))
}

/**
 * Compiles, once per file, a reader of CSV records' fields into the Type of `struct`
 * (see compileReader): the row, or the reason it is refused as `<column>: <what was
 * wrong>`, the first field's. Codecs annotated with their reader (CsvFieldReader) are
 * read directly; the schema itself words a refusal.
 */
export const compileRowReader = <Fields extends Schema.Struct.Fields>(
  struct: Schema.Struct<Fields>,
  header: HeaderIndex
): RowReader<Schema.Struct.Type<Fields>> => {
  const fieldNames = Object.keys(struct.fields)
  const plans: Array<ColumnPlan> = header.columns.flatMap(([column, position]) => {
    const field = struct.fields[column]
    if (field === undefined) return []
    const { schema, required } = fieldSchema(field)
    return [{ column, position, slot: fieldNames.indexOf(column), required, ...readerOf(schema) }]
  })
  return compileReader(plans, fieldNames, header.width) as RowReader<Schema.Struct.Type<Fields>>
}

/**
 * Compiles, once per file, a decoder of CSV records into the Type of `struct`: each
 * column's field schema is compiled once, and a row decodes only its present fields
 * (empty = absent), column by column (compileRowReader). It agrees with
 * `Schema.decodeUnknownEither(struct)` on the row's non-empty fields. Every field of the
 * schema is a key of the row (undefined when absent or not in the header).
 */
export const compileRowDecoder = <Fields extends Schema.Struct.Fields>(
  struct: Schema.Struct<Fields>,
  header: HeaderIndex
): ((record: CsvRecord) => Either.Either<Schema.Struct.Type<Fields>, string>) => {
  const read = compileRowReader(struct, header)
  return (record) => {
    const refusal = recordRefusal(record, header.names)
    if (refusal !== undefined) return Either.left(refusal)
    const row = read(record.fields)
    return typeof row === "string" ? Either.left(row) : Either.right(row)
  }
}
