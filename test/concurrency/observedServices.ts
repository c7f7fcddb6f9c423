import { Context, Effect } from "effect"
import type { FlowSide } from "../../src/local/cli/flow/FlowSide.js"
import { CampaignCounts } from "../../src/services/CampaignCounts.js"
import type { CommitOutcome, CountingCommit } from "../../src/services/schemas/CountingCommit.js"
import { DemandTable } from "../../src/services/DemandTable.js"
import { DemandTableError, QueueSendError } from "../../src/services/errors.js"
import { ReportLedger } from "../../src/services/ReportLedger.js"
import type { PostedReport, VersionedCounts } from "../../src/services/reportOrder.js"
import { RunProgress } from "../../src/services/RunProgress.js"
import { ScoresStream } from "../../src/services/RecordStream.js"
import { VerdictQueue } from "../../src/services/VerdictQueue.js"
import { decisionRandom } from "../support/faults/seededRandom.js"

/** A state of a campaign's counts as a counting transaction left it, and when. */
export interface CountsState extends VersionedCounts {
  readonly campaignId: string
  readonly at: number
}

/** A report confirmed after its post, and when. */
export interface ConfirmedPost extends PostedReport {
  readonly campaignId: string
  readonly at: number
}

/** A fan record the scores stream accepted: where, and in which order (sequence numbers grow on a shard). */
export interface PutRecord {
  readonly shardId: string
  readonly sequenceNumber: string
  readonly data: Record<string, unknown>
}

export interface Observed {
  readonly puts: Array<PutRecord>
  readonly counts: Array<CountsState>
  readonly posts: Array<ConfirmedPost>
  readonly faults: Record<string, number>
  /** Counting transactions attempted, and those a transaction in flight on one of their items cancelled. */
  readonly commits: { attempts: number; conflicts: number }
}

/**
 * The side's services with seeded faults (a call refused before it is applied, or applied
 * and its answer lost) on the writes whose retries matter, and an observer of every
 * counting transaction and every confirmed post. The n-th call of each operation draws
 * from (seed, operation, n) alone: the same seed faults the same calls.
 */
/**
 * Faulted shares of calls by operation. A fault here comes after the adapters' own retries
 * (in memory there are none): a refused upsert is one DynamoDB refused nine times, so its
 * share is small; the others are once per delivery or message.
 */
export interface FaultRates {
  readonly upsert: number
  readonly recordWrites: number
  readonly count: number
  readonly send: number
}

export const observedSide = (side: FlowSide, seed: number, rates: FaultRates): { readonly side: FlowSide; readonly observed: Observed } => {
  const observed: Observed = { puts: [], counts: [], posts: [], faults: {}, commits: { attempts: 0, conflicts: 0 } }
  const calls: Record<string, number> = {}
  /** Refused (before), lost (after), or answered. */
  const fate = (operation: string, rate: number) => {
    const n = (calls[operation] = (calls[operation] ?? 0) + 1)
    const draw = decisionRandom(seed, operation, n)()
    const kind = draw < rate / 2 ? "refused" : draw < rate ? "lost" : "answered"
    if (kind !== "answered") observed.faults[`${operation} ${kind}`] = (observed.faults[`${operation} ${kind}`] ?? 0) + 1
    return kind
  }
  const tableFault = (operation: string) => new DemandTableError({ table: "demand-table", operation, reason: "ThrottlingException (injected)" })
  const faulted = <A, E, R>(operation: string, rate: number, call: Effect.Effect<A, E, R>, error: () => E): Effect.Effect<A, E, R> =>
    Effect.suspend(() => {
      const kind = fate(operation, rate)
      if (kind === "refused") return Effect.fail(error())
      return kind === "lost" ? Effect.zipRight(call, Effect.fail(error())) : call
    })

  /**
   * A counting transaction as DynamoDB runs one: it holds its items for a few milliseconds,
   * and one that starts on an item held by another is cancelled (TransactionConflict).
   */
  const held = new Set<string>()
  const inFlight = <E, R>(commit: CountingCommit, apply: Effect.Effect<CommitOutcome, E, R>): Effect.Effect<CommitOutcome, E, R> =>
    Effect.suspend(() => {
      observed.commits.attempts++
      const items = [
        ...(commit.guard._tag === "Position" ? [`position ${commit.guard.shard}`] : []),
        ...commit.counts.map(({ campaignId }) => `counts ${campaignId}`),
        ...commit.counted.map(({ campaignId, run }) => `run ${campaignId} ${run}`)
      ]
      if (items.some((item) => held.has(item))) {
        observed.commits.conflicts++
        return Effect.succeed<CommitOutcome>({ _tag: "Contended", reason: "TransactionConflict" })
      }
      for (const item of items) held.add(item)
      return Effect.sleep(`${2 + (observed.commits.attempts % 5)} millis`).pipe(
        Effect.zipRight(apply),
        Effect.ensuring(Effect.sync(() => items.forEach((item) => held.delete(item))))
      )
    })

  const services = side.services
  const table = Context.get(services, DemandTable)
  const counts = Context.get(services, CampaignCounts)
  const ledger = Context.get(services, ReportLedger)
  const progress = Context.get(services, RunProgress)
  const queue = Context.get(services, VerdictQueue)
  const scores = Context.get(services, ScoresStream)
  const decoder = new TextDecoder()
  const wrapped = services.pipe(
    Context.add(DemandTable, {
      ...table,
      upsertStamped: (item, stamp) => faulted("upsert", rates.upsert, table.upsertStamped(item, stamp), () => tableFault("UpdateItem"))
    }),
    Context.add(CampaignCounts, {
      ...counts,
      commitCounting: (commit) =>
        faulted(
          "count",
          rates.count,
          Effect.tap(inFlight(commit, counts.commitCounting(commit)), (outcome) =>
            outcome._tag !== "Committed"
              ? Effect.void
              : Effect.forEach(commit.counts, ({ campaignId }) =>
                  Effect.map(counts.getCounts(campaignId), (state) => {
                    if (state._tag === "Some") observed.counts.push({ campaignId, ...state.value, at: Date.now() })
                  })
                )
          ),
          () => tableFault("TransactWriteItems")
        )
    }),
    Context.add(RunProgress, {
      ...progress,
      recordShardWrites: (writes) => faulted("record writes", rates.recordWrites, progress.recordShardWrites(writes), () => tableFault("UpdateItem"))
    }),
    Context.add(ReportLedger, {
      ...ledger,
      confirmReport: (campaignId, claimId, report) =>
        Effect.tap(ledger.confirmReport(campaignId, claimId, report), () => Effect.sync(() => void observed.posts.push({ campaignId, ...report, at: Date.now() })))
    }),
    Context.add(ScoresStream, {
      ...scores,
      putRecords: (entries) =>
        Effect.tap(scores.putRecords(entries), (outcomes) =>
          Effect.sync(() =>
            outcomes.forEach((outcome, i) => {
              const data = JSON.parse(decoder.decode(entries[i]!.data)) as Record<string, unknown>
              if (outcome.accepted && data["globalUserId"] !== undefined) observed.puts.push({ shardId: outcome.shardId, sequenceNumber: outcome.sequenceNumber, data })
            })
          )
        )
    }),
    Context.add(VerdictQueue, {
      send: (message, delaySeconds) =>
        faulted("send", rates.send, queue.send(message, delaySeconds), () => new QueueSendError({ queue: "verdict-queue", reason: "InternalError (injected)" }))
    })
  )
  return { side: { ...side, services: wrapped }, observed }
}
