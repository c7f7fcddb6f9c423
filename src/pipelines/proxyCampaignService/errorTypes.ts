import { InvalidEventId } from "./eventId.js"
import { CampaignServiceRejected, CampaignServiceUnavailable, type ProxyError } from "./proxyErrors.js"

/**
 * The GraphQL `errorType` of each failure (a direct Lambda resolver's thrown Error `name`),
 * its `message` being the failure's message:
 * - `BadRequest`: the eventId is missing or malformed (InvalidEventId); no call was made.
 * - `CampaignServiceRejected`: the Campaign Service answered a final 4xx; the message has the status.
 * - `CampaignServiceUnavailable`: 5xx, 429, network error or timeout after the retries, or a
 *   2xx reply that is not an array of campaigns.
 */
export const errorTypeOf = (error: ProxyError): string => (error._tag === "InvalidEventId" ? "BadRequest" : error._tag)

/** The errorType of a failure of the resolver Lambda; none (a plain Error) for anything else, a missing setting included. */
export const resolverErrorType = (failure: unknown): string | undefined =>
  failure instanceof InvalidEventId ||
  failure instanceof CampaignServiceRejected ||
  failure instanceof CampaignServiceUnavailable
    ? errorTypeOf(failure)
    : undefined
