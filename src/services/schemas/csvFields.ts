import { ParseResult, Schema } from "effect"

/** Field codecs for CSV text. Each failure says what was expected and what was found. */

const quote = (text: string) => JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text)

/**
 * The annotation a CSV field codec carries: the reader its decode runs (the value, or
 * undefined for text it refuses). Row decoders compiled from a schema call it directly
 * on the hot path and go through the schema only for the message of a refused field.
 */
export const CsvFieldReader = Symbol.for("vf/CsvFieldReader")

export type FieldReader = (text: string) => unknown

const textTo = <A>(
  to: Schema.Schema<A>,
  expected: string,
  read: (text: string) => A | undefined,
  write: (value: A) => string
) =>
  Schema.transformOrFail(Schema.String, to, {
    strict: true,
    decode: (text, _, ast) => {
      const value = read(text)
      return value === undefined
        ? ParseResult.fail(new ParseResult.Type(ast, text, `expected ${expected}, got ${quote(text)}`))
        : ParseResult.succeed(value)
    },
    encode: (value) => ParseResult.succeed(write(value))
  }).annotations({ [CsvFieldReader]: read satisfies FieldReader })

/** Number() also reads hexadecimal, octal and binary literals (0x1F, 0o7, 0b1): a decimal number has none of x, o, b. */
const nonDecimal = /[xXoObB]/

/**
 * Decimal text as a finite number, or undefined. Number() reads exactly the decimal forms
 * (sign, digits, point, exponent; surrounding white space) and the literals refused here;
 * `NaN`, `Infinity` and overflow are not finite; blank text is not a number.
 */
const readFinite = (text: string) => {
  const value = +text
  if (!Number.isFinite(value) || nonDecimal.test(text)) return undefined
  return value !== 0 || text.trim() !== "" ? value : undefined
}

/** A finite decimal number: `NaN`, `Infinity`, hex and non-numbers are refused. */
export const FiniteFromCsv = textTo(Schema.Number, "a finite number", readFinite, String)

const unsignedInteger = /^\d+$/
/** A non-negative integer written with digits only. */
export const NonNegativeIntFromCsv = textTo(
  Schema.Number,
  "a non-negative integer",
  (text) => {
    const trimmed = text.trim()
    return unsignedInteger.test(trimmed) && Number.isSafeInteger(Number(trimmed)) ? Number(trimmed) : undefined
  },
  String
)

const booleans: Record<string, boolean> = { true: true, "1": true, false: false, "0": false }
/** `true`/`false`/`1`/`0`, any case (the common spellings without a copy of the text). */
const readBoolean = (text: string): boolean | undefined => {
  switch (text) {
    case "true":
    case "1":
    case "TRUE":
      return true
    case "false":
    case "0":
    case "FALSE":
      return false
    default:
      return booleans[text.trim().toLowerCase()]
  }
}
export const BooleanFromCsv = textTo(Schema.Boolean, "true, false, 1 or 0", readBoolean, String)

/** Text that is not empty once trimmed; decodes to the trimmed text. */
export const TrimmedNonEmpty = textTo(
  Schema.String,
  "a non-empty value",
  (text) => (text.trim() === "" ? undefined : text.trim()),
  (text) => text
)

/** An e-mail address: trimmed and lower-cased. */
export const LowercasedEmail = textTo(Schema.String, "an e-mail", (text) => text.trim().toLowerCase(), (text) => text)

/** Tags of `a|b| c`: split on `|`, each trimmed, empty ones dropped (one pass, no intermediate arrays). */
const readTags = (text: string): Array<string> => {
  const tags: Array<string> = []
  for (let from = 0; from <= text.length; ) {
    let to = text.indexOf("|", from)
    if (to === -1) to = text.length
    const tag = text.slice(from, to).trim()
    if (tag !== "") tags.push(tag)
    from = to + 1
  }
  return tags
}

/** `a|b| c` → ["a", "b", "c"]; empty tags dropped. */
export const TagsFromPipes = textTo(Schema.Array(Schema.String), "tags separated by |", readTags, (tags) => tags.join("|"))

/** An e-mail identifier: trimmed, lower-cased, one `@` with text on both sides, a dot in the domain. */
export const ValidEmail = textTo(
  Schema.String,
  "an e-mail address (one @, text on both sides, a dot in the domain)",
  (text) => {
    const email = text.trim().toLowerCase()
    const [local, domain, extra] = email.split("@")
    const valid = extra === undefined && !!local && !!domain && domain.includes(".") && !/\s/.test(email)
    return valid ? email : undefined
  },
  (email) => email
)
