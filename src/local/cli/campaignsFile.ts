import { FileSystem } from "@effect/platform"
import { Effect, Option, Schema } from "effect"
import type { StandInCampaigns } from "../standIns/CampaignServiceStandIn.js"
import { describeParseError } from "../../pipelines/delivery/incomingRecords.js"
import { Campaign } from "../../services/schemas/Campaign.js"

export const defaultCampaignsFile = "examples/campaigns.json"

const CampaignsFile = Schema.parseJson(
  Schema.Record({
    key: Schema.String,
    value: Schema.extend(Campaign, Schema.Struct({ events: Schema.optionalWith(Schema.Array(Schema.String), { exact: true }) }))
  })
)

/**
 * The Campaign Service stand-in's campaigns (SPEC §8): `--campaigns FILE`, else
 * examples/campaigns.json when there is one, else none.
 */
export const readCampaigns = (file: Option.Option<string>) =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const path = Option.getOrElse(file, () => defaultCampaignsFile)
    if (Option.isNone(file) && !(yield* fs.exists(path))) return {} as StandInCampaigns
    const text = yield* fs.readFileString(path)
    return yield* Schema.decodeUnknown(CampaignsFile)(text).pipe(
      Effect.mapError((error) => new Error(`${path}: not a campaigns file: ${describeParseError(error)}`))
    )
  })
