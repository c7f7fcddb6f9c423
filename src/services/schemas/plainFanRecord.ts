import type { FanRecord } from "./FanRecord.js"

/**
 * The fan record of plain JSON without Schema's decoder, when the JSON is one as it
 * should be: the same object `Schema.decodeUnknownEither(FanRecord)` gives (its fields in
 * the schema's order, unknown ones left out, nested objects and arrays copied), at a
 * fraction of its cost (the consumers read every record of the scores stream, each
 * twice). Undefined for anything else: Schema then decodes it and says what is wrong.
 * Fields are added by name, never by a computed key: V8 turns an object given more than
 * a dozen fields by computed keys into a slow dictionary, which every later reader pays.
 */
export const plainFanRecord = (json: unknown): FanRecord | undefined => {
  if (!isObject(json)) return undefined
  const out: Plain = {}
  let v: unknown
  if ((v = of(json["campaignId"], "string")) === wrong) return undefined
  out.campaignId = v
  if ((v = of(json["globalUserId"], "string")) === wrong) return undefined
  out.globalUserId = v
  if ((v = optional(json, "memberId", "string")) === wrong) return undefined
  if (v !== absent) out.memberId = v
  if ((v = optional(json, "email", "string")) === wrong) return undefined
  if (v !== absent) out.email = v
  if ((v = of(json["score"], "number")) === wrong) return undefined
  out.score = v
  if ((v = optional(json, "localFanscore", "number")) === wrong) return undefined
  if (v !== absent) out.localFanscore = v
  if ((v = optional(json, "accountFanscore", "number")) === wrong) return undefined
  if (v !== absent) out.accountFanscore = v
  if ((v = optional(json, "bandScore", "number")) === wrong) return undefined
  if (v !== absent) out.bandScore = v
  if ((v = of(json["isVerified"], "boolean")) === wrong) return undefined
  out.isVerified = v
  if ((v = of(json["rank"], "string")) === wrong) return undefined
  out.rank = v
  if ((v = eventsOf(json["events"])) === wrong) return undefined
  out.events = v
  if ((v = hasOwn.call(json, "tags") ? tagsOf(json["tags"]) : absent) === wrong) return undefined
  if (v !== absent) out.tags = v
  if ((v = hasOwn.call(json, "origin") ? originOf(json["origin"]) : absent) === wrong) return undefined
  if (v !== absent) out.origin = v
  if ((v = optional(json, "phone", "string")) === wrong) return undefined
  if (v !== absent) out.phone = v
  if ((v = optional(json, "phoneType", "string")) === wrong) return undefined
  if (v !== absent) out.phoneType = v
  if ((v = optional(json, "phoneConfirmedDate", "string")) === wrong) return undefined
  if (v !== absent) out.phoneConfirmedDate = v
  if ((v = optional(json, "firstName", "string")) === wrong) return undefined
  if (v !== absent) out.firstName = v
  if ((v = optional(json, "lastName", "string")) === wrong) return undefined
  if (v !== absent) out.lastName = v
  if ((v = optional(json, "locale", "string")) === wrong) return undefined
  if (v !== absent) out.locale = v
  if ((v = metaOf(json["__meta"])) === wrong) return undefined
  out.__meta = v
  return out as unknown as FanRecord
}

type Plain = Record<string, any>
const hasOwn = Object.prototype.hasOwnProperty
const [wrong, absent] = [Symbol("wrong"), Symbol("absent")]

/** Schema's test for a struct's input: an object, not an array. */
const isObject = (value: unknown): value is Plain => typeof value === "object" && value !== null && !Array.isArray(value)

const of = (value: unknown, type: "string" | "number" | "boolean") => (typeof value === type ? value : wrong)

/** An exact optional field: absent, or of its type (never undefined). */
const optional = (input: Plain, name: string, type: "string" | "number" | "boolean") => (hasOwn.call(input, name) ? of(input[name], type) : absent)

const rankEventOf = (value: unknown) => {
  if (!isObject(value)) return wrong
  const out: Plain = {}
  const [market, eventId] = [optional(value, "market", "string"), optional(value, "eventId", "string")]
  if (market === wrong || eventId === wrong) return wrong
  if (market !== absent) out.market = market
  if (eventId !== absent) out.eventId = eventId
  return out
}

/** A record of rank events: its keys are data (ranks), so it is one of few fields. */
const eventsOf = (value: unknown) => {
  if (!isObject(value)) return wrong
  const out: Plain = {}
  for (const key of Object.keys(value)) {
    const event = rankEventOf(value[key])
    if (event === wrong) return wrong
    out[key] = event
  }
  return out
}

const tagsOf = (value: unknown) => {
  if (!Array.isArray(value)) return wrong
  for (const tag of value) if (typeof tag !== "string") return wrong
  return value.slice()
}

const originOf = (value: unknown) => {
  if (!isObject(value) || !isObject(value["nudetect"])) return wrong
  const nudetect: Plain = {}
  const [score, scoreBand] = [optional(value["nudetect"], "score", "number"), optional(value["nudetect"], "scoreBand", "string")]
  if (score === wrong || scoreBand === wrong) return wrong
  if (score !== absent) nudetect.score = score
  if (scoreBand !== absent) nudetect.scoreBand = scoreBand
  return { nudetect }
}

const metaOf = (value: unknown) => {
  if (!isObject(value)) return wrong
  const [correlation, date, source, run] = [of(value["correlation"], "string"), of(value["date"], "number"), of(value["source"], "string"), optional(value, "run", "string")]
  if (correlation === wrong || date === wrong || source === wrong || run === wrong) return wrong
  return run === absent ? { correlation, date, source } : { correlation, date, source, run }
}
