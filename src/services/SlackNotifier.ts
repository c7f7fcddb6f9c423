import { Context, type Effect } from "effect"
import type { SlackError } from "./errors.js"

/** A Slack message: the fallback text and its Block Kit blocks. */
export interface SlackMessage {
  readonly text: string
  readonly blocks: ReadonlyArray<Record<string, unknown>>
}

/** The Slack channel verdict reports go to (SLACK_CHANNEL, with SLACK_TOKEN). */
export class SlackNotifier extends Context.Tag("vf/SlackNotifier")<
  SlackNotifier,
  {
    readonly channel: string
    /** chat.postMessage; the message's timestamp on success. */
    readonly post: (message: SlackMessage) => Effect.Effect<{ readonly ts: string }, SlackError>
  }
>() {}
