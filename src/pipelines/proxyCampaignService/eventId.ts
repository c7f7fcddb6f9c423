import { Either, Schema } from "effect"

/** The longest eventId accepted. */
export const maxEventIdLength = 128

/** What an eventId may hold: ASCII letters, digits and `.` `_` `:` `-` (no spaces, no `/`, `?`, `&`, `%`). */
const eventIdCharacter = /^[A-Za-z0-9._:-]$/

/** The eventId of a resolver call is missing or malformed: refused before any call (errorType BadRequest). */
export class InvalidEventId extends Schema.TaggedError<InvalidEventId>()("InvalidEventId", {
  reason: Schema.String
}) {
  override get message() {
    return this.reason
  }
}

const kindOf = (value: unknown) => (value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`)

/**
 * The eventId rule: a string of 1 to 128 characters, each one of `[A-Za-z0-9._:-]`.
 * Missing (or null), not a string, empty or blank, longer, or any other character
 * (spaces included, leading or trailing too: nothing is trimmed) is refused.
 */
export const checkEventId = (value: unknown): Either.Either<string, InvalidEventId> => {
  const refuse = (reason: string) => Either.left(new InvalidEventId({ reason }))
  if (value === undefined || value === null) return refuse("eventId is required")
  if (typeof value !== "string") return refuse(`eventId must be a string, not ${kindOf(value)}`)
  if (value.trim() === "") return refuse("eventId is empty")
  if (value.length > maxEventIdLength) {
    return refuse(`eventId is ${value.length} characters long, at most ${maxEventIdLength} are allowed`)
  }
  const characters = [...value]
  const bad = characters.findIndex((character) => !eventIdCharacter.test(character))
  if (bad >= 0) {
    return refuse(
      `eventId ${JSON.stringify(value)} has ${JSON.stringify(characters[bad])} at position ${bad + 1}: ` +
        "only letters, digits and . _ : - are allowed"
    )
  }
  return Either.right(value)
}
