/**
 * A copy of a string that does not keep its parent alive. V8 cuts substrings as views
 * of the string they come from, so an id kept from a parser's 64 KiB chunk would hold
 * the whole chunk; prepending a character and cutting it off again flattens a new,
 * small string.
 */
export const detached = (text: string): string => (" " + text).slice(1)

/** The object with each of its string values detached (shallow). */
export const detachedStrings = <A extends object>(value: A): A => {
  const copy: Record<string, unknown> = {}
  for (const [key, field] of Object.entries(value)) copy[key] = typeof field === "string" ? detached(field) : field
  return copy as A
}
