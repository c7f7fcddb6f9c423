import type { AttributeValue } from "@aws-sdk/client-dynamodb"
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb"
import { nextUpdated, storedDates } from "../../services/fanScoreUpsert.js"
import type { DemandItem, FanScoreItem } from "../../services/schemas/FanScoreItem.js"

type AttributeMap = Record<string, AttributeValue>

const marshallOptions = { removeUndefinedValues: true, convertTopLevelContainer: false } as const

/** An item of the table as plain JSON (numbers, strings, booleans, maps, lists). */
export const fromDynamo = (item: AttributeMap): DemandItem => unmarshall(item) as DemandItem

const toDynamo = (values: Record<string, unknown>): AttributeMap => marshall(values, marshallOptions)

/** The whole new item: the score attributes with `date.created` = `date.updated` = now. */
export const newItem = (item: FanScoreItem, now: string): AttributeMap =>
  toDynamo({ ...item, date: { created: now, updated: now } })

export interface ConditionalUpdate {
  readonly UpdateExpression: string
  readonly ConditionExpression: string
  readonly ExpressionAttributeNames: Record<string, string>
  readonly ExpressionAttributeValues: AttributeMap
}

/**
 * SETs the changed attributes and `date.updated`, on condition that `date.updated` is
 * still the value read (no other writer came in between). An item written by something
 * else, with no `date.updated`, gets its `date` set whole (keeping a stored `created`).
 */
export const changeUpdate = (
  item: FanScoreItem,
  changed: ReadonlyArray<string>,
  stored: DemandItem,
  now: string
): ConditionalUpdate => {
  const seen = storedDates(stored)
  const updated = nextUpdated(seen.updated, now)
  const values: Record<string, unknown> = Object.fromEntries(
    changed.map((name, i) => [`:a${i}`, (item as Record<string, unknown>)[name]])
  )
  const names: Record<string, string> = Object.fromEntries(changed.map((name, i) => [`#a${i}`, name]))
  const sets = changed.map((_, i) => `#a${i} = :a${i}`)
  const dated =
    seen.updated === undefined
      ? {
          set: "#date = :date",
          condition: "attribute_not_exists(#date.#updated)",
          values: { ":date": { created: seen.created ?? updated, updated } }
        }
      : {
          set: "#date.#updated = :updated",
          condition: "#date.#updated = :seen",
          values: { ":updated": updated, ":seen": seen.updated }
        }
  return {
    UpdateExpression: `SET ${[...sets, dated.set].join(", ")}`,
    ConditionExpression: dated.condition,
    ExpressionAttributeNames: { ...names, "#date": "date", "#updated": "updated" },
    ExpressionAttributeValues: toDynamo({ ...values, ...dated.values })
  }
}
