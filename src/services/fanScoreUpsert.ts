import { isDeepStrictEqual } from "node:util"
import type { DemandItem, FanScoreItem } from "./schemas/FanScoreItem.js"

/**
 * The upsert rule of SPEC §4, shared by every DemandTable adapter: the attributes of
 * `item` (keys aside) whose value differs from the stored item's. Empty: nothing to
 * write. Attributes the item does not carry are never removed.
 */
export const changedAttributes = (stored: DemandItem, item: FanScoreItem): Array<string> =>
  Object.entries(item).flatMap(([name, value]) =>
    name === "PK" || name === "SK" || isDeepStrictEqual(stored[name], value) ? [] : [name]
  )
