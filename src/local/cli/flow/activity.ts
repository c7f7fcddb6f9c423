import { Duration, Effect } from "effect"

/** One consumer loop as the quiet watch sees it. */
export interface LoopState {
  readonly name: string
  /** The generation at the start of the loop's last poll that found nothing (-1: none yet, or it found something since). */
  idleAt: number
  /** Polls that found nothing, all told (the watch waits for one more after its pause). */
  emptyPolls: number
}

/**
 * What the consumer loops of a run have done, for quiet detection: a generation that
 * grows each time a loop hands anything to a worker, and each loop's last empty poll. A
 * loop is idle when its last poll started at the current generation and found nothing:
 * nothing any loop did since can have put anything where it looks. Idle loops sleep a
 * little between polls (no busy loop) and are woken when another loop did some work, so
 * what one worker writes is read by the next at once.
 */
export class Activity {
  generation = 0
  stopping = false
  readonly loops: Array<LoopState> = []
  private readonly sleepers = new Set<() => void>()
  private readonly idleWatchers = new Set<() => void>()

  register(name: string): LoopState {
    const loop: LoopState = { name, idleAt: -1, emptyPolls: 0 }
    this.loops.push(loop)
    return loop
  }

  /** A loop handed something to a worker: every loop must look again before the flow is quiet. */
  worked(loop: LoopState) {
    loop.idleAt = -1
    this.generation++
    this.wake()
  }

  /** A loop's poll, begun at generation `at`, found nothing; those waiting for the loops to be idle look again when it just became so. */
  foundNothing(loop: LoopState, at: number) {
    const became = loop.idleAt !== at
    loop.idleAt = at
    loop.emptyPolls++
    if (became && at === this.generation) this.wakeAll(this.idleWatchers)
  }

  /** Whether every loop of `loops` (all by default) is idle at the current generation. */
  idle(loops: ReadonlyArray<LoopState> = this.loops) {
    return loops.every((loop) => loop.idleAt === this.generation)
  }

  /** Wakes every sleeping loop (work was done, or the quiet watch wants a look). */
  wake() {
    this.wakeAll(this.sleepers)
    this.wakeAll(this.idleWatchers)
  }

  private wakeAll(sleepers: Set<() => void>) {
    for (const resume of sleepers) resume()
    sleepers.clear()
  }

  /** Sleeps `millis`, or until woken; `untilIdle`: also when a loop just became idle (for those waiting for all to be). */
  pause(millis: number, untilIdle = false): Effect.Effect<void> {
    const woken = Effect.async<void>((resume) => {
      const wake = () => resume(Effect.void)
      const set = untilIdle ? this.idleWatchers : this.sleepers
      set.add(wake)
      return Effect.sync(() => void set.delete(wake))
    })
    return Effect.race(Effect.sleep(Duration.millis(millis)), woken)
  }
}

/** A poll's answer when the loop may not look now (the reporter waiting for the streams to be read). */
export const notNow = "not now" as const

/**
 * A consumer loop: polls, hands what it found to its workers, and polls again; after an
 * empty poll it sleeps `maxPauseMillis` (what comes from outside the loops: a load's
 * records, a delayed message, waits that long at most), woken at once when another loop
 * did some work, until the run stops. While it handles what it found it is not idle.
 */
export const consumerLoop = <A, E, R>(
  activity: Activity,
  loop: LoopState,
  maxPauseMillis: number,
  poll: Effect.Effect<ReadonlyArray<A> | typeof notNow, E, R>,
  handle: (found: ReadonlyArray<A>) => Effect.Effect<void, E, R>
) =>
  Effect.gen(function* () {
    while (!activity.stopping) {
      const at = activity.generation
      const found = yield* poll
      if (found !== notNow && found.length > 0) {
        loop.idleAt = -1
        yield* handle(found)
        activity.worked(loop)
        continue
      }
      if (found !== notNow) activity.foundNothing(loop, at)
      // Work done elsewhere while it polled (its wake-up came before it slept): it looks again at once.
      if (found !== notNow && activity.generation !== at) continue
      // A loop told "not now" waits for the loops it waits on to be idle.
      if (!activity.stopping) yield* activity.pause(maxPauseMillis, found === notNow)
    }
  })
