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

/** What the direct reading below leaves to unmarshall: anything but the usual attribute values. */
const unusual = Symbol("unusual")

/**
 * An attribute value of the usual kinds (S, N, BOOL, NULL, M, L, and `{}` as an empty map)
 * read as unmarshall reads it after `typed`, in one pass and without unmarshall's copies;
 * `unusual` for anything else (sets, binary, a value of the wrong type, several types).
 */
const usualValue = (value: unknown): unknown => {
  if (!Predicate.isRecord(value)) return unusual
  let found: unknown = unusual
  for (const type in value) {
    if (found !== unusual) return unusual
    const inner = value[type]
    if (type === "S" && typeof inner === "string") found = inner
    else if (type === "N") found = numberOf(inner)
    else if (type === "BOOL" && typeof inner === "boolean") found = inner
    else if (type === "NULL" && inner === true) found = null
    else if (type === "M" && Predicate.isRecord(inner)) found = usualMap(inner)
    else if (type === "L" && Array.isArray(inner)) found = usualList(inner)
    else return unusual
    if (found === unusual) return unusual
  }
  return found === unusual ? {} : found
}

const usualMap = (map: Readonly<Record<string, unknown>>) => {
  const out: Record<string, unknown> = {}
  for (const name of Object.keys(map)) {
    const value = usualValue(map[name])
    if (value === unusual) return unusual
    out[name] = value
  }
  return out
}

const usualList = (list: ReadonlyArray<unknown>) => {
  const out: Array<unknown> = []
  for (const item of list) {
    const value = usualValue(item)
    if (value === unusual) return unusual
    out.push(value)
  }
  return out
}

/**
 * A stream image (or keys) unmarshalled to plain JSON, or why it cannot be read, prefixed
 * with its `name`. An image of the usual attribute values (every fan item's) is read
 * directly, to the same object; others go through `typed` and unmarshall.
 */
export const plainImage = (name: string, image: Readonly<Record<string, unknown>>): Either.Either<Record<string, unknown>, string> =>
  Either.try({
    try: () => {
      const usual = usualMap(image)
      return usual !== unusual ? usual : unmarshall(typedMap(image) as Record<string, AttributeValue>, { wrapNumbers: numberOf })
    },
    catch: (error) => `${name}: ${messageOf(error)}`
  })
