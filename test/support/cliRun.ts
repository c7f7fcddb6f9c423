import { type ChildProcess, spawn } from "node:child_process"

/** How a run of the CLI ended, and what it printed. */
export interface CliRun {
  readonly pid: number
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

export interface CliOptions {
  /** Added to the test process's environment (a value of undefined removes the variable). */
  readonly env?: Readonly<Record<string, string | undefined>>
  /** Called with all of stderr so far each time more arrives: to act while it runs (send a signal…). */
  readonly onStderr?: (stderr: string, child: ChildProcess) => void
  /** The run is killed after this long (a hung run fails its test instead of its suite). */
  readonly timeoutMs?: number
  /** The folder it runs in (default: the project folder). */
  readonly cwd?: string
}

/** `node bin/vf-workers.js …args` (from the project folder unless told), to its end. */
export const runCli = (args: ReadonlyArray<string>, options: CliOptions = {}): Promise<CliRun> =>
  new Promise((resolve, reject) => {
    const env = { ...process.env, ...options.env }
    for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name]
    const bin = new URL("../../bin/vf-workers.js", import.meta.url).pathname
    const child = spawn(process.execPath, [bin, ...args], { env, cwd: options.cwd, stdio: ["ignore", "pipe", "pipe"] })
    let stdout = ""
    let stderr = ""
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 120_000)
    child.stdout.on("data", (chunk: Buffer) => void (stdout += chunk.toString()))
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString()
      options.onStderr?.(stderr, child)
    })
    child.on("error", reject)
    child.on("close", (code, signal) => {
      clearTimeout(timer)
      resolve({ pid: child.pid ?? -1, code, signal, stdout, stderr })
    })
  })

/** The last line a run printed on stderr. */
export const lastLine = (text: string) => text.trimEnd().split("\n").at(-1) ?? ""
