import type { DemandItem } from "../../services/schemas/FanScoreItem.js"

/** Distinct attribute lists given a shape at most: past that, items are stored as plain JSON. */
const maxShapes = 10_000

interface Shape {
  readonly names: ReadonlyArray<string>
  /** The item of an encoded array: its values from index 1 on, in `names`' order, as an object literal makes it. */
  readonly build: (values: ReadonlyArray<unknown>) => DemandItem
}

/** Values JSON writes differently in an array than in an object (left out there, null here; toJSON given the index). */
const unlike = (value: unknown) =>
  value === undefined || typeof value === "function" || typeof value === "symbol" || (typeof value === "object" && value !== null && "toJSON" in value)

/**
 * Items as compact JSON text: the table's items share a few lists of attribute names (a
 * writer writes the same attributes to most items), so an item is stored as the array
 * `[shape, ...values]`, its names kept once per shape: about a third less than the item's
 * own JSON. Reading gives the object JSON.parse of the item's JSON would (the same names,
 * in the same order, with fast properties: an object literal per shape). An item with a
 * value JSON writes otherwise in an array, a name `__proto__`, or beyond `maxShapes` shapes,
 * is stored as its own JSON.
 */
export class ItemText {
  private readonly shapes: Array<Shape> = []
  private readonly shapeIds = new Map<string, number>()

  encode(item: DemandItem): string {
    const names = Object.keys(item)
    const values: Array<unknown> = [0]
    for (const name of names) {
      const value = item[name]
      if (unlike(value) || name === "__proto__") return JSON.stringify(item)
      values.push(value)
    }
    const shape = this.shapeOf(names)
    if (shape === undefined) return JSON.stringify(item)
    values[0] = shape
    return JSON.stringify(values)
  }

  decode(text: string): DemandItem {
    const json = JSON.parse(text) as DemandItem | Array<unknown>
    if (!Array.isArray(json)) return json
    return this.shapes[json[0] as number]!.build(json)
  }

  private shapeOf(names: ReadonlyArray<string>): number | undefined {
    const key = names.join("\u0000")
    const known = this.shapeIds.get(key)
    if (known !== undefined || this.shapes.length >= maxShapes) return known
    const fields = names.map((name, i) => `${JSON.stringify(name)}: values[${i + 1}]`).join(", ")
    // The names are JSON string literals: the literal's property names, nothing else.
    const build = new Function("values", `return { ${fields} }`) as Shape["build"]
    this.shapes.push({ names, build })
    this.shapeIds.set(key, this.shapes.length - 1)
    return this.shapes.length - 1
  }
}
