import { Context, Effect, Layer } from "effect"

/**
 * Where a load's correlation id (its `loadId`, the `correlation` of its records' meta and
 * logs) comes from: a random UUID unless a layer says otherwise. A Reference, so the
 * programs need nothing provided; tests provide `CorrelationIds.sequential` and compare
 * exact values.
 */
export class CorrelationIds extends Context.Reference<CorrelationIds>()("vf/CorrelationIds", {
  defaultValue: (): { readonly next: Effect.Effect<string> } => ({ next: Effect.sync((): string => crypto.randomUUID()) })
}) {
  /** Ids `<prefix>-1`, `<prefix>-2`, … in the order asked, counted per layer built. */
  static sequential(prefix = "load"): Layer.Layer<CorrelationIds> {
    return Layer.sync(CorrelationIds, () => {
      let count = 0
      return { next: Effect.sync(() => `${prefix}-${++count}`) }
    })
  }
}

/** A fresh correlation id. */
export const nextCorrelationId: Effect.Effect<string> = Effect.flatMap(CorrelationIds, (ids) => ids.next)
