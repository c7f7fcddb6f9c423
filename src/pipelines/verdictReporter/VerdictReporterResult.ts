/** The result of verdictReporter (SPEC §6). */
export interface VerdictReporterResult {
  readonly input: number
  readonly slack: { readonly posted: number; readonly bypassed: number; readonly failed: number }
  readonly requeue: { readonly sent: number; readonly failed: number }
}

/** A message the reporter received: SQS message id and raw body. */
export interface QueueMessageIn {
  readonly messageId: string
  readonly body: string
}

export class VerdictTally {
  posted = 0
  bypassed = 0
  slackFailed = 0
  sent = 0
  requeueFailed = 0
  readonly retry: Array<string> = []

  constructor(readonly input: number) {}

  result(): VerdictReporterResult {
    return {
      input: this.input,
      slack: { posted: this.posted, bypassed: this.bypassed, failed: this.slackFailed },
      requeue: { sent: this.sent, failed: this.requeueFailed }
    }
  }
}
