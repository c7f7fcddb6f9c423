import { Effect, Layer } from "effect"
import { inject } from "vitest"
import { motoEndpoint } from "../../support/motoEndpoint.js"

type EffectTest = (name: string, test: () => Effect.Effect<unknown, unknown, never>) => void

/**
 * An adapter's layer at moto, built over moto's endpoint; when moto did not start, no
 * layer at all: a layer that failed to build would leave its tests counted as skipped,
 * where each of them must fail (see `needsMoto`).
 */
export const atMoto = <A, E, R>(build: (endpoint: () => string) => Layer.Layer<A, E, R>): Layer.Layer<A, E, R> =>
  inject("motoEndpoint") === "" ? (Layer.empty as unknown as Layer.Layer<A, E, R>) : build(motoEndpoint)

/** A contract's cases, each failing first, saying why, when moto did not start. */
export const needsMoto = <It extends { effect: unknown }>(it: It): It => {
  const effect = it.effect as EffectTest
  const checked: EffectTest = (name, test) => effect(name, () => Effect.zipRight(Effect.sync(motoEndpoint), test()))
  return { ...it, effect: checked }
}
