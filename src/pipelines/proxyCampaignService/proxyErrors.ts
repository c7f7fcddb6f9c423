import { Schema } from "effect"
import type { ServiceCallError } from "../../services/errors.js"
import type { InvalidEventId } from "./eventId.js"

/** The Campaign Service could not answer: 5xx, 429, network or timeout after the retries, or an unreadable reply. */
export class CampaignServiceUnavailable extends Schema.TaggedError<CampaignServiceUnavailable>()("CampaignServiceUnavailable", {
  eventId: Schema.String,
  status: Schema.optionalWith(Schema.Number, { exact: true }),
  reason: Schema.String
}) {
  override get message() {
    const status = this.status === undefined ? "" : ` (HTTP ${this.status})`
    return `Campaign Service failed to give the campaigns of event ${this.eventId}${status}: ${this.reason}`
  }
}

/** The Campaign Service refused the call with a final 4xx (404, 401, 403 …), not retried. */
export class CampaignServiceRejected extends Schema.TaggedError<CampaignServiceRejected>()("CampaignServiceRejected", {
  eventId: Schema.String,
  status: Schema.Number,
  reason: Schema.String
}) {
  override get message() {
    return `Campaign Service refused the campaigns of event ${this.eventId} (HTTP ${this.status}): ${this.reason}`
  }
}

/** A final 4xx is a rejection; anything else (retryable failures after their retries, bad replies) an error. */
export const fromServiceCallError =
  (eventId: string) =>
  (error: ServiceCallError): CampaignServiceUnavailable | CampaignServiceRejected =>
    error.status !== undefined && error.status >= 400 && error.status < 500 && !error.retryable
      ? new CampaignServiceRejected({ eventId, status: error.status, reason: error.reason })
      : new CampaignServiceUnavailable({ eventId, reason: error.reason, ...(error.status === undefined ? {} : { status: error.status }) })

/** How proxyCampaignService fails. */
export type ProxyError = InvalidEventId | CampaignServiceUnavailable | CampaignServiceRejected
