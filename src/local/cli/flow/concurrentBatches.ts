import { Deferred, Effect } from "effect"

/**
 * Batches of a shard as a mapping with a ParallelizationFactor above 1 runs them: up to
 * `parallelization` at once, begun in order, a batch waiting for every earlier one that
 * holds one of its partition keys (Lambda keeps a key's records in order).
 */
export const concurrentBatches = <T, Deps>(
  batches: ReadonlyArray<ReadonlyArray<T>>,
  keyOf: (record: T) => string,
  parallelization: number,
  deliver: (batch: ReadonlyArray<T>) => Effect.Effect<void, never, Deps>
) =>
  Effect.gen(function* () {
    const done = yield* Effect.forEach(batches, () => Deferred.make<void>())
    const lastWith = new Map<string, number>()
    const before = batches.map((batch, i) => {
      const earlier = new Set<number>()
      for (const record of batch) {
        const key = keyOf(record)
        const last = lastWith.get(key)
        if (last !== undefined && last !== i) earlier.add(last)
        lastWith.set(key, i)
      }
      return [...earlier]
    })
    yield* Effect.forEach(
      batches,
      (batch, i) =>
        Effect.forEach(before[i]!, (j) => Deferred.await(done[j]!), { discard: true }).pipe(
          Effect.zipRight(deliver(batch)),
          Effect.ensuring(Deferred.succeed(done[i]!, undefined))
        ),
      { concurrency: parallelization, discard: true }
    )
  })
