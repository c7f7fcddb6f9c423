/** The result of verdictReporter (SPEC §6). */
export interface VerdictReporterResult {
  readonly input: number
  /** interim: posts made before the file's changes were all counted (at the attempt cap); part of posted. */
  readonly slack: { readonly posted: number; readonly interim: number; readonly bypassed: number; readonly failed: number }
  /** gaveUp: messages whose file's changes were still not all counted after VERDICT_GIVE_UP_SECONDS (dropped). */
  readonly requeue: { readonly sent: number; readonly failed: number; readonly gaveUp: number }
}

/** A message the reporter received: SQS message id and raw body. */
export interface QueueMessageIn {
  readonly messageId: string
  readonly body: string
}

export class VerdictTally {
  posted = 0
  interim = 0
  gaveUp = 0
  bypassed = 0
  slackFailed = 0
  sent = 0
  requeueFailed = 0
  readonly retry: Array<string> = []

  constructor(readonly input: number) {}

  result(): VerdictReporterResult {
    return {
      input: this.input,
      slack: { posted: this.posted, interim: this.interim, bypassed: this.bypassed, failed: this.slackFailed },
      requeue: { sent: this.sent, failed: this.requeueFailed, gaveUp: this.gaveUp }
    }
  }
}
