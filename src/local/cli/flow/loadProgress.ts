import { Effect } from "effect"
import { barLine, type LoadSnapshot, plainLine } from "../progressBar.js"
import { type Progress, secondsSince } from "../progress.js"
import type { Watch } from "./runWatch.js"

/** How often a load's bar is redrawn on a terminal. */
export const barEveryMillis = 200
/** Without a terminal: the first progress line after a second, then one every few seconds (a log, not a flood). */
export const firstLineAfterMillis = 1000
export const linesEveryMillis = 5000

/**
 * A load's progress until it is interrupted (when the load ends): on a terminal a bar
 * redrawn in place — the share of the object's bytes read, its rows, rows per second and the
 * time left at that pace — taken away at the end; elsewhere the same figures as a line, after
 * a second and then every few seconds.
 */
export const loadProgress = (progress: Progress, watch: Watch, key: string, label: string, size: number) =>
  Effect.gen(function* () {
    const [started, outBefore] = [performance.now(), watch.records]
    // Records out are the scores stream's since the load began: loads run together share them.
    const snapshot = (): LoadSnapshot => ({ label, size, ...watch.reads.furthest(key), seconds: secondsSince(started), out: watch.records - outBefore })
    const status = progress.status
    if (status !== undefined) {
      const draw = Effect.suspend(() => status.show(label, barLine(snapshot(), status.columns())))
      return yield* Effect.forever(Effect.zipRight(draw, Effect.sleep(barEveryMillis))).pipe(Effect.ensuring(status.show(label, undefined)))
    }
    yield* Effect.sleep(firstLineAfterMillis)
    return yield* Effect.forever(Effect.zipRight(Effect.suspend(() => progress.say(plainLine(snapshot()))), Effect.sleep(linesEveryMillis)))
  })
