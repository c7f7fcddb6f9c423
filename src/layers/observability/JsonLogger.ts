import { Cause, HashMap, Layer, List, Logger } from "effect"

/** A log line's message: strings as they are, anything else as JSON. */
const messageText = (message: unknown): string => {
  const parts = Array.isArray(message) ? message : [message]
  return parts.map((part) => (typeof part === "string" ? part : JSON.stringify(part))).join(" ")
}

/**
 * One JSON object per line (SPEC §8): level, message, time, the fiber's log annotations
 * (worker, correlationId, campaignId, key …) and spans; the cause when there is one.
 */
export const jsonLogger = (write: (line: string) => void) =>
  Logger.make(({ annotations, cause, date, logLevel, message, spans }) => {
    const entry: Record<string, unknown> = {
      level: logLevel.label,
      message: messageText(message),
      time: date.toISOString()
    }
    for (const [key, value] of HashMap.toEntries(annotations)) entry[key] = value
    if (!List.isNil(spans)) entry.spans = List.toArray(spans).map((span) => span.label)
    if (!Cause.isEmpty(cause)) entry.cause = Cause.pretty(cause, { renderErrorCause: true })
    write(JSON.stringify(entry))
  })

/** Replaces the default logger with JSON lines written by `write` (stdout by default). */
export const JsonLogging = (write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)) =>
  Logger.replace(Logger.defaultLogger, jsonLogger(write))

export const JsonLoggingToStderr: Layer.Layer<never> = JsonLogging((line) => process.stderr.write(`${line}\n`))
