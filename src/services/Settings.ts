import { Config, Effect, Option, Redacted } from "effect"
import { MissingSetting } from "./errors.js"

/** Settings of SPEC §2, read from the environment with effect's Config. */

const withDefault = (name: string, fallback: string) => Config.string(name).pipe(Config.withDefault(fallback))

export const AwsRegion = withDefault("AWS_REGION", "us-east-1")
export const AwsEndpointUrl = Config.option(Config.string("AWS_ENDPOINT_URL"))
export const DemandTableName = withDefault("DEMAND_TABLE", "demand-table")
export const ScoresStreamName = withDefault("SCORES_STREAM", "scores-stream")
export const CampaignDataStreamName = withDefault("CAMPAIGN_DATA_STREAM", "campaign-data-stream")
export const ScoringBucketName = withDefault("SCORING_BUCKET", "vf-scoring")

/** A required setting: missing or empty fails with one line naming the variable. */
export const required = (name: string): Effect.Effect<string, MissingSetting> =>
  Effect.flatMap(
    Effect.orElseSucceed(Config.option(Config.string(name)), () => Option.none<string>()),
    (value) =>
      Option.isSome(value) && value.value.trim() !== ""
        ? Effect.succeed(value.value.trim())
        : Effect.fail(new MissingSetting({ variable: name, reason: "required, but not set in the environment" }))
  )

/** Reads a setting, turning any config error into one clear line. */
export const setting = <A>(name: string, config: Config.Config<A>): Effect.Effect<A, MissingSetting> =>
  Effect.mapError(config, (error) => new MissingSetting({ variable: name, reason: String(error) }))

/** A required secret: never logged (Redacted), and missing fails naming the variable. */
export const requiredSecret = (name: string): Effect.Effect<Redacted.Redacted<string>, MissingSetting> =>
  Effect.map(required(name), Redacted.make)

export const CampaignServiceUrl = "CAMPAIGN_SERVICE_URL"
export const EntryServiceUrl = "ENTRY_SERVICE_URL"
export const ServiceToken = "SERVICE_TOKEN"
