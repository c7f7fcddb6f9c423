import { isFanItemKey } from "../../../services/schemas/FanScoreItem.js"
import type { TableStreamRecord } from "./FlowSide.js"

const keyText = (keys: unknown, name: "PK" | "SK") => {
  const value = (keys as Record<string, { readonly S?: unknown } | undefined> | undefined)?.[name]?.S
  return typeof value === "string" ? value : undefined
}

/**
 * The stack's filter on the counter's mapping (infra/stack/triggers.ts, fanItemsOnly): only
 * records of fan items (PK fan:/sid:/email:, SK campaign:) invoke processSavedScores;
 * `meta:` items (counts, reports, markers, runs' progress) never do. A record whose keys
 * cannot be read is let through, for the handler to count as unreadable.
 */
export const isCountedRecord = (record: TableStreamRecord) => {
  const keys = record.dynamodb["Keys"]
  const [PK, SK] = [keyText(keys, "PK"), keyText(keys, "SK")]
  return PK === undefined || SK === undefined || isFanItemKey({ PK, SK })
}
