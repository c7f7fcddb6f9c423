import { describe, expect, it } from "@effect/vitest"
import { type AttributeValue } from "@aws-sdk/client-dynamodb"
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb"
import { Either, Predicate } from "effect"
import fc from "fast-check"
import { plainImage } from "../../src/lambda/events/streamImage.js"

/** The reading as unmarshall makes it, after `{}` is typed as an empty map: what plainImage must give for every image. */
const typed = (value: unknown): unknown => {
  if (!Predicate.isRecord(value)) return value
  if (Object.values(value).every((inner) => inner === undefined)) return { M: {} }
  if (Predicate.isRecord(value["M"])) return { M: typedMap(value["M"]) }
  if (Array.isArray(value["L"])) return { L: value["L"].map(typed) }
  return value
}
const typedMap = (image: Readonly<Record<string, unknown>>) => Object.fromEntries(Object.entries(image).map(([name, value]) => [name, typed(value)]))
const numberOf = (text: unknown): number => {
  const number = typeof text === "string" && text.trim() !== "" ? Number(text) : Number.NaN
  if (Number.isNaN(number)) throw new Error(`${JSON.stringify(text)} is not a number`)
  return number
}
const reference = (name: string, image: Readonly<Record<string, unknown>>) =>
  Either.try({
    try: () => unmarshall(typedMap(image) as Record<string, AttributeValue>, { wrapNumbers: numberOf }),
    catch: (error) => `${name}: ${error instanceof Error ? error.message : String(error)}`
  })

const scalar = fc.oneof(
  fc.string().map((S) => ({ S })),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => ({ N: String(n) })),
  fc.constantFrom({ N: "x" }, { N: "" }, { N: 5 }, { S: 5 }, { BOOL: "true" }, { NULL: false }, { S: "a", N: "1" }, { S: undefined }, {}, { X: "?" }),
  fc.boolean().map((BOOL) => ({ BOOL })),
  fc.constant({ NULL: true }),
  fc.array(fc.string(), { maxLength: 2 }).map((SS) => ({ SS })),
  fc.array(fc.integer().map(String), { maxLength: 2 }).map((NS) => ({ NS }))
)
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, scalar, tie("map"), tie("list")),
  map: fc.dictionary(fc.string({ maxLength: 3 }), tie("value"), { maxKeys: 4 }).map((M) => ({ M })),
  list: fc.array(tie("value"), { maxLength: 3 }).map((L) => ({ L }))
}))
const image = fc.dictionary(fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom("0", "12", "PK")), value, { maxKeys: 6 })

describe("plainImage", () => {
  it("reads every image as unmarshall reads it once `{}` is typed: the same value, or the same reason it cannot", () =>
    fc.assert(
      fc.property(image, (image) => {
        const plain = plainImage("NewImage", image)
        const expected = reference("NewImage", image)
        expect(plain).toStrictEqual(expected)
        if (Either.isRight(plain)) expect(JSON.stringify(plain.right)).toBe(JSON.stringify(Either.getOrThrow(expected)))
      }),
      { numRuns: 5_000 }
    ))

  it("reads a fan item's image back to the item", () => {
    const item = { PK: "fan:g", SK: "campaign:c", score: 0.5, isVerified: true, events: { "0": { market: "Denver" }, "1": {} }, tags: ["vip"], origin: { nudetect: {} }, none: null }
    expect(plainImage("NewImage", marshall(item))).toStrictEqual(Either.right(item))
  })
})
