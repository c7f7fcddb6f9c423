import { Clock, Effect, Option } from "effect"
import { changeDay } from "../../services/changeDays.js"
import { comparableSequence, positionAttribute, positionsOf, RunProgress, type RunProgressState, runKey } from "../../services/RunProgress.js"
import { markName } from "../../services/schemas/EndOfFile.js"
import { demandKeys } from "../../services/schemas/FanScoreItem.js"
import type { MemoryDemandTable } from "./MemoryDemandTable.js"

type ProgressItem = RunProgressState & Readonly<Record<string, unknown>>

export const progressItemKey = (campaignId: string, run: string) => ({ PK: demandKeys.campaign(campaignId), SK: runKey(run) })

/** A run's progress as the in-memory table holds it (zeros when absent). */
export const readProgress = (table: MemoryDemandTable, campaignId: string, run: string): ProgressItem | undefined =>
  table.item(progressItemKey(campaignId, run)) as ProgressItem | undefined

/** Adds to a run's progress item in the in-memory table. */
export const addToProgress = (
  table: MemoryDemandTable,
  campaignId: string,
  run: string,
  add: { readonly expected?: number; readonly counted?: number; readonly marks?: ReadonlyArray<string> },
  set: Readonly<Record<string, unknown>> = {}
) => {
  const stored = readProgress(table, campaignId, run)
  const marks = [...new Set([...(stored?.marks ?? []), ...(add.marks ?? [])])]
  table.putItem({
    ...progressItemKey(campaignId, run),
    ...stored,
    expected: (stored?.expected ?? 0) + (add.expected ?? 0),
    counted: (stored?.counted ?? 0) + (add.counted ?? 0),
    marks,
    ...set,
    // The day of its last change, as on DynamoDB: the run's campaign listed by changedCampaigns.
    ...(typeof set["changedAt"] === "number" ? { changedDay: changeDay(set["changedAt"]) } : {})
  })
}

/** RunProgress in the in-memory demand table, with DynamoDB's rules (a range recorded once per shard). */
export const memoryRunProgress = (table: MemoryDemandTable) =>
  RunProgress.of({
    recordShardWrites: (writes) =>
      Effect.map(Clock.currentTimeMillis, (changedAt) => {
        const at = positionAttribute(writes.shardId)
        const last = readProgress(table, writes.campaignId, writes.run)?.[at]
        if (typeof last === "string" && last >= comparableSequence(writes.first)) return
        const set = { [at]: comparableSequence(writes.last), changedAt }
        addToProgress(table, writes.campaignId, writes.run, { expected: writes.moved, marks: writes.marks }, set)
      }),
    recordFileWrites: (writes) =>
      Effect.map(Clock.currentTimeMillis, (changedAt) =>
        addToProgress(table, writes.campaignId, writes.run, { marks: [markName(writes.loadId, "file")] }, { expected: writes.moved, changedAt })
      ),
    progress: (campaignId, run) =>
      Effect.sync(() =>
        Option.map(Option.fromNullable(readProgress(table, campaignId, run)), ({ expected, counted, marks, changedAt }) => ({
          expected,
          counted,
          marks,
          ...(typeof changedAt === "number" ? { changedAt } : {})
        }))
      ),
    recordedUpTo: (campaignId, run) => Effect.sync(() => positionsOf(readProgress(table, campaignId, run) ?? {}))
  })
