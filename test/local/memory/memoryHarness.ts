import { Effect } from "effect"
import type { MemoryDemandTable } from "../../../src/local/memory/MemoryDemandTable.js"
import type { DemandItem } from "../../../src/services/schemas/FanScoreItem.js"

/** What the table contracts ask of an in-memory adapter beside its port: fresh names, and the table's items as another system sees them. */
export const memoryHarness = (table: MemoryDemandTable) => {
  let names = 0
  return {
    freshCampaign: (label: string) => `${label}-${++names}`,
    putRaw: (item: Record<string, unknown>) => Effect.sync(() => table.putItem(item as DemandItem)),
    rawItem: (key: { PK: string; SK: string }) => Effect.sync(() => table.item(key))
  }
}
