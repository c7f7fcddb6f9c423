import { Args, Command, Options } from "@effect/cli"
import { type Console, Effect } from "effect"
import { describe, expect, it } from "vitest"
import { plainWhereNotStyled, takesStyles, withoutEscapes } from "../../../src/local/cli/plainText.js"
import { asksSubcommandHelp, subcommandHelp } from "../../../src/local/cli/subcommandHelp.js"

describe("plain text where styles are not wanted", () => {
  it("takes out styles, cursor moves and erasing, and nothing else", () => {
    expect(withoutEscapes("\x1b[0;1m\x1b[0;37;1mvf-workers\x1b[0;1m\x1b[0m — 50%\r\x1b[K\x1b[?25l")).toBe("vf-workers — 50%\r")
  })

  it("styles a terminal only, unless NO_COLOR or TERM=dumb says otherwise", () => {
    expect(takesStyles({ isTTY: true }, {})).toBe(true)
    expect(takesStyles({ isTTY: false }, {})).toBe(false)
    expect(takesStyles({}, {})).toBe(false)
    expect(takesStyles({ isTTY: true }, { NO_COLOR: "1" })).toBe(false)
    expect(takesStyles({ isTTY: true }, { TERM: "dumb" })).toBe(false)
  })

  it("gives each stream of the console what it takes", () => {
    const seen: Array<[string, ReadonlyArray<unknown>]> = []
    const recording = { log: (...args: ReadonlyArray<unknown>) => ((seen.push(["log", args]), undefined) as never), error: (...args: ReadonlyArray<unknown>) => ((seen.push(["error", args]), undefined) as never) }
    const console = plainWhereNotStyled(recording as unknown as Console.Console, { stdout: false, stderr: true })
    console.log("\x1b[1mUSAGE\x1b[0m", 3)
    console.error("\x1b[1mUSAGE\x1b[0m")
    expect(seen).toEqual([["log", ["USAGE", 3]], ["error", ["\x1b[1mUSAGE\x1b[0m"]]])
  })
})

describe("a subcommand's help", () => {
  it("is asked by the subcommand's name, then --help or -h anywhere after it", () => {
    expect(asksSubcommandHelp(["run", "--help"], ["run", "reconcile"])).toBe(true)
    expect(asksSubcommandHelp(["reconcile", "c1", "-h"], ["run", "reconcile"])).toBe(true)
    for (const args of [["run", "a.csv"], ["--help"], ["--help", "run"], ["other", "--help"], []]) expect(asksSubcommandHelp(args, ["run", "reconcile"])).toBe(false)
  })

  it("names the CLI in its usage, and describes the subcommand's options", () => {
    const command = Command.make("recount", { campaignId: Args.text({ name: "campaignId" }), json: Options.boolean("json") }, () => Effect.void).pipe(
      Command.withDescription("recount a campaign")
    )
    const lines = withoutEscapes(subcommandHelp(command, { name: "tool", version: "1.2.3" })).split("\n")
    expect(lines).toContain("$ tool recount [--json] <campaignId>")
    expect(lines).toContain("tool 1.2.3")
    expect(lines).toContain("recount a campaign")
    expect(lines).toContain("--json")
  })
})
