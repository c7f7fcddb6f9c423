import { Effect, Stream } from "effect"
import { nearDeadline } from "../../services/LoadDeadline.js"

/**
 * Stage: passes elements on until the invocation is near its end (nearDeadline, looked at
 * as each element but the first comes: an invocation always passes one, so a load always
 * moves on). When it ends the stream early, it calls `stopped`: the elements passed are a
 * point the load resumes from, and one more at least is left. Each run has its own count.
 * Without a LoadDeadline it passes everything.
 */
export const untilNearDeadline =
  (stopped: () => void) =>
  <A, E, R>(elements: Stream.Stream<A, E, R>): Stream.Stream<A, E, R> =>
    Stream.suspend(() => {
      let passed = 0
      let near = false
      const look = (element: A) =>
        passed++ === 0
          ? Effect.succeed(element)
          : Effect.map(nearDeadline, (now) => {
              near = now
              if (now) stopped()
              return element
            })
      return elements.pipe(
        Stream.mapEffect(look),
        Stream.takeWhile(() => !near)
      )
    })
