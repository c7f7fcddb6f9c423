import { CliConfig, type Command, HelpDoc, Usage } from "@effect/cli"
import { getHelp, getUsage } from "@effect/cli/Command"
import * as Span from "@effect/cli/HelpDoc/Span"

/** The CLI as its help names it. */
export interface CliName {
  readonly name: string
  readonly version: string
}

/** Whether the arguments after `vf-workers` ask a subcommand (one of `names`) for its help: its name, then --help or -h. */
export const asksSubcommandHelp = (args: ReadonlyArray<string>, names: ReadonlyArray<string>) =>
  names.includes(args[0] ?? "") && args.slice(1).some((arg) => arg === "--help" || arg === "-h")

/**
 * A subcommand's help as @effect/cli lays it out, with its usage named as it is typed,
 * `$ vf-workers run …` (@effect/cli prints `$ run …` for a subcommand's help).
 */
export const subcommandHelp = <Name extends string, R, E, A>(command: Command.Command<Name, R, E, A>, cli: CliName) => {
  const config = CliConfig.defaultConfig
  const usage = Usage.enumerate(getUsage(command), config).map((span) => HelpDoc.p(Span.concat(Span.text(`$ ${cli.name} `), span)))
  const doc = [HelpDoc.h1(Span.code(cli.name)), HelpDoc.p(`${cli.name} ${cli.version}`), HelpDoc.h1("USAGE"), ...usage, getHelp(command, config)]
  return HelpDoc.toAnsiText(doc.reduce((all, part) => HelpDoc.sequence(all, part), HelpDoc.empty))
}
