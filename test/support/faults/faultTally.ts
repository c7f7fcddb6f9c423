/** What a fault proxy decided for one call. */
export interface FaultDecision<K extends string> {
  /** `dynamodb`, `kinesis`, `sqs`, `s3`, `dynamodbstreams`; `slack`, `entry`, `campaign`. */
  readonly service: string
  /** `PutItem`, `PutRecords`, `SendMessage`, the HTTP method for S3; `POST /api/chat.postMessage` for HTTP services. */
  readonly operation: string
  /** Which decision of the service's stream this was (0-based); absent for calls never eligible (excluded). */
  readonly n?: number
  readonly kind: K | "pass" | "excluded"
  /** The shape injected: `ProvisionedThroughputExceededException`, `503`, `180 ms`, `2 of 5 records`… */
  readonly detail?: string
}

/** Calls seen and faults injected, for one service, one operation or all. */
export interface CallTally<K extends string> {
  readonly calls: number
  /** Calls answered with a fault of any kind (latency included). */
  readonly injected: number
  readonly byKind: Partial<Record<K, number>>
}

export interface FaultStats<K extends string> extends CallTally<K> {
  /** Per service (`kinesis`…). */
  readonly byService: Readonly<Record<string, CallTally<K>>>
  /** Per `service.operation` (`kinesis.PutRecords`, `s3.PUT`, `entry.POST /campaigns/:id/scoring`…). */
  readonly byOperation: Readonly<Record<string, CallTally<K>>>
  /** Records answered with a per-record throttling entry inside a successful PutRecords (Kinesis only). */
  readonly recordsThrottled: number
}

interface MutableTally {
  calls: number
  injected: number
  byKind: Record<string, number>
}

const emptyTally = (): MutableTally => ({ calls: 0, injected: 0, byKind: {} })

const countInto = (tally: MutableTally, kind: string) => {
  tally.calls++
  if (kind === "pass" || kind === "excluded") return
  tally.injected++
  tally.byKind[kind] = (tally.byKind[kind] ?? 0) + 1
}

const copyTally = <K extends string>(tally: MutableTally): CallTally<K> => ({
  calls: tally.calls,
  injected: tally.injected,
  byKind: { ...tally.byKind } as Partial<Record<K, number>>
})

/** The running counts of a proxy, and the log of its decisions in arrival order. */
export class FaultTally<K extends string> {
  private readonly all = emptyTally()
  private readonly services = new Map<string, MutableTally>()
  private readonly operations = new Map<string, MutableTally>()
  private readonly log: Array<FaultDecision<K>> = []
  private throttledRecords = 0

  /** Counts the decision and logs it; gives its place in the log (for `annotate`). */
  record(decision: FaultDecision<K>): number {
    this.log.push(decision)
    const service = this.services.get(decision.service) ?? emptyTally()
    this.services.set(decision.service, service)
    const operationKey = `${decision.service}.${decision.operation}`
    const operation = this.operations.get(operationKey) ?? emptyTally()
    this.operations.set(operationKey, operation)
    for (const tally of [this.all, service, operation]) countInto(tally, decision.kind)
    return this.log.length - 1
  }

  /** Adds what was learnt later (how many records were throttled…) to a logged decision. */
  annotate(at: number, detail: string) {
    const decision = this.log[at]
    if (decision !== undefined) this.log[at] = { ...decision, detail: decision.detail === undefined ? detail : `${decision.detail}; ${detail}` }
  }

  recordsThrottled(count: number) {
    this.throttledRecords += count
  }

  decisions(): ReadonlyArray<FaultDecision<K>> {
    return [...this.log]
  }

  stats(): FaultStats<K> {
    const table = (map: Map<string, MutableTally>) =>
      Object.fromEntries([...map.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, tally]) => [key, copyTally<K>(tally)]))
    return { ...copyTally<K>(this.all), byService: table(this.services), byOperation: table(this.operations), recordsThrottled: this.throttledRecords }
  }
}

const kindsLine = (byKind: Partial<Record<string, number>>) =>
  Object.entries(byKind)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, count]) => `${kind} ${count}`)
    .join(", ")

/**
 * The closing figures, one line for the whole and one per operation:
 * `412 calls, 98 faults (lostReply 18, throttle 30, …), 57 records throttled`.
 */
export const formatFaultStats = <K extends string>(stats: FaultStats<K>, title = "faults"): string => {
  const line = (tally: CallTally<K>) =>
    `${tally.calls} calls, ${tally.injected} faults${tally.injected === 0 ? "" : ` (${kindsLine(tally.byKind)})`}`
  const records = stats.recordsThrottled === 0 ? "" : `, ${stats.recordsThrottled} records throttled`
  return [
    `${title}: ${line(stats)}${records}`,
    ...Object.entries(stats.byOperation).map(([operation, tally]) => `  ${operation}: ${line(tally)}`)
  ].join("\n")
}
