import { Schema } from "effect"

/** An optional field that is absent when missing, never `undefined` (SPEC: omitted, never null). */
export const optional = <S extends Schema.Schema.Any>(schema: S) => Schema.optionalWith(schema, { exact: true })
