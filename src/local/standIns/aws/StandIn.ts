import { Schema } from "effect"

/** An emulator of one AWS service, running on loopback until its scope closes. */
export interface StandIn {
  /** How messages name it ("DynamoDB Local", "kinesis-mock", "local-aws-sqs", "s3rver"). */
  readonly name: string
  /** Where it answers plain HTTP, always on 127.0.0.1. */
  readonly endpoint: string
  /** The process group of a stand-in run as a child process (its launcher's pid); none when in-process. */
  readonly processGroup?: number
}

export const loopbackUrl = (port: number) => `http://127.0.0.1:${port}`

/** The fake credentials every stand-in accepts (s3rver checks them; the others ignore them). */
export const standInCredentials = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } as const

/** The region the stand-ins are asked in when nothing else is configured. */
export const standInRegion = "us-east-1"

/**
 * The environment variable every child stand-in (and what it starts) carries: the pid of
 * the runner that started it, so a stray process can be traced back to its run.
 */
export const standInParentVariable = "VF_STANDIN_PARENT"

/**
 * A stand-in that could not start: one line that says why (and what to do, when there is
 * something to do), and the port it found taken when that is why.
 */
export class StandInError extends Schema.TaggedError<StandInError>()("StandInError", {
  standIn: Schema.String,
  reason: Schema.String,
  /** The port something else already listened on (a start on ports of its own choosing retries on fresh ones). */
  portInUse: Schema.optional(Schema.Number)
}) {
  override get message() {
    return this.reason
  }
}

const stackFrame = /^(at\s|\.\.\.\s\d+\smore)/

/** The last few non-empty lines of a process's output but its stack frames, on one line (for error messages). */
export const lastLines = (output: string, lines = 3, maxLength = 600): string => {
  const tail = output
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !stackFrame.test(line))
    .slice(-lines)
    .join(" | ")
  if (tail === "") return "(no output)"
  return tail.length > maxLength ? `…${tail.slice(-maxLength)}` : tail
}

/** A stand-in that found its port taken, in one line. */
export const addressInUse = (standIn: string, port: number) =>
  new StandInError({ standIn, reason: `${standIn} could not listen on 127.0.0.1:${port}: address already in use`, portInUse: port })

/** A stand-in in this process whose server could not listen, in one line. */
export const listenFailed = (standIn: string, port: number) => (error: unknown) => {
  const code = typeof error === "object" && error !== null && "code" in error ? error.code : undefined
  if (code === "EADDRINUSE") return addressInUse(standIn, port)
  const why = error instanceof Error ? error.message : String(error)
  return new StandInError({ standIn, reason: `${standIn} could not listen on 127.0.0.1:${port}: ${why}` })
}
