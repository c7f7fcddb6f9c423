import type { AttributeValue } from "@aws-sdk/client-dynamodb"
import { unmarshall } from "@aws-sdk/util-dynamodb"
import { Either, Predicate } from "effect"

const hasNoValue = (value: Readonly<Record<string, unknown>>) => {
  for (const name in value) if (value[name] !== undefined) return false
  return true
}

/** Whether `name` is the only field of `value`. */
const onlyField = (value: Readonly<Record<string, unknown>>, name: string) => {
  for (const other in value) if (other !== name) return false
  return true
}

/**
 * An attribute value as DynamoDB would send it: one with no type at all (`{}`: DynamoDB
 * Local 3.x writes empty maps and lists so into stream images, where DynamoDB sends
 * `{"M":{}}`) is read as an empty map, in maps and lists too. Others are left to unmarshall.
 * A value with nothing to change is given back as it is (no copy of every image).
 */
const typed = (value: unknown): unknown => {
  if (!Predicate.isRecord(value)) return value
  if (hasNoValue(value)) return { M: {} }
  if (Predicate.isRecord(value["M"])) {
    const map = typedMap(value["M"])
    return map === value["M"] && onlyField(value, "M") ? value : { M: map }
  }
  if (Array.isArray(value["L"])) {
    const list: ReadonlyArray<unknown> = value["L"]
    const typedList = list.map(typed)
    return typedList.every((item, i) => item === list[i]) && onlyField(value, "L") ? value : { L: typedList }
  }
  return value
}

/** The image with its values typed (typed): itself when none changes. */
const typedMap = (image: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> => {
  let out: Record<string, unknown> | undefined
  for (const name in image) {
    const value = image[name]
    const typedValue = typed(value)
    if (typedValue !== value) (out ??= { ...image })[name] = typedValue
  }
  return out ?? image
}

/**
 * A number attribute as the nearest double: unmarshall would make an integer beyond
 * 2^53 a BigInt and throw for a decimal of more digits than a double holds; counting
 * reads only booleans, and a score keeps its first 15–17 digits.
 */
const numberOf = (text: unknown): number => {
  const number = typeof text === "string" && text.trim() !== "" ? Number(text) : Number.NaN
  if (Number.isNaN(number)) throw new Error(`${JSON.stringify(text)} is not a number`)
  return number
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error))

/** A stream image (or keys) unmarshalled to plain JSON, or why it cannot be read, prefixed with its `name`. */
export const plainImage = (name: string, image: Readonly<Record<string, unknown>>): Either.Either<Record<string, unknown>, string> =>
  Either.try({
    try: () => unmarshall(typedMap(image) as Record<string, AttributeValue>, { wrapNumbers: numberOf }),
    catch: (error) => `${name}: ${messageOf(error)}`
  })
