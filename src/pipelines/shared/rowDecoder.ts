import { Either, ParseResult, Schema, type SchemaAST } from "effect"
import type { HeaderIndex } from "./csvHeader.js"
import type { CsvRecord } from "./csvSplitter.js"

type FieldDecoder = (text: string) => Either.Either<unknown, ParseResult.ParseIssue>

interface ColumnPlan {
  readonly column: string
  readonly position: number
  readonly required: boolean
  /** Undefined for plain string columns: the text is the value. */
  readonly decode: FieldDecoder | undefined
}

const isPlainString = (ast: SchemaAST.AST) => ast === Schema.String.ast

/** The column's value schema and whether it must be present, from a Struct field. */
const fieldSchema = (field: Schema.Struct.Field): { schema: Schema.Schema.AnyNoContext; required: boolean } =>
  Schema.isSchema(field)
    ? { schema: field as Schema.Schema.AnyNoContext, required: true }
    : { schema: (field as unknown as { from: Schema.Schema.AnyNoContext }).from, required: false }

const issueMessage = (issue: ParseResult.ParseIssue) => ParseResult.ArrayFormatter.formatIssueSync(issue)[0]?.message ?? "invalid"

/**
 * Compiles, once per file, a decoder of CSV records into the Type of `struct`: each
 * column's field schema is compiled once, and a row decodes only its present fields
 * (empty = absent), column by column, without building an intermediate object. It
 * agrees with `Schema.decodeUnknownEither(struct)` on the row's non-empty fields; the
 * failure is the first field's, as `<column>: <what was wrong>`.
 */
export const compileRowDecoder = <Fields extends Schema.Struct.Fields>(
  struct: Schema.Struct<Fields>,
  header: HeaderIndex
): ((record: CsvRecord) => Either.Either<Schema.Struct.Type<Fields>, string>) => {
  const plans: Array<ColumnPlan> = header.columns.flatMap(([column, position]) => {
    const field = struct.fields[column]
    if (field === undefined) return []
    const { schema, required } = fieldSchema(field)
    const decode = isPlainString(schema.ast) ? undefined : ParseResult.decodeUnknownEither(schema)
    return [{ column, position, required, decode }]
  })
  return (record) => {
    if (record.malformed !== undefined) return Either.left(`malformed quoted field: ${record.malformed}`)
    if (record.fields.length !== header.width) {
      return Either.left(`expected ${header.width} fields, found ${record.fields.length}`)
    }
    const row: Record<string, unknown> = {}
    for (const plan of plans) {
      const text = record.fields[plan.position]!
      if (text.trim() === "") {
        if (plan.required) return Either.left(`${plan.column}: required, but empty`)
        continue
      }
      if (plan.decode === undefined) {
        row[plan.column] = text
        continue
      }
      const value = plan.decode(text)
      if (Either.isLeft(value)) return Either.left(`${plan.column}: ${issueMessage(value.left)}`)
      row[plan.column] = value.right
    }
    return Either.right(row as Schema.Struct.Type<Fields>)
  }
}
