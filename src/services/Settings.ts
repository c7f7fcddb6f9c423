import { Config, Effect, Option, Redacted } from "effect"
import { MissingSetting } from "./errors.js"
import { settingNames } from "./settingNames.js"

/** Settings of SPEC §2, read from the environment with effect's Config. */

const withDefault = (name: string, fallback: string) => Config.string(name).pipe(Config.withDefault(fallback))

export const AwsRegion = withDefault(settingNames.awsRegion, "us-east-1")
export const AwsEndpointUrl = Config.option(Config.string(settingNames.awsEndpointUrl))
export const DemandTableName = withDefault(settingNames.demandTable, "demand-table")
export const ScoresStreamName = withDefault(settingNames.scoresStream, "scores-stream")
export const CampaignDataStreamName = withDefault(settingNames.campaignDataStream, "campaign-data-stream")
export const ScoringBucketName = withDefault(settingNames.scoringBucket, "vf-scoring")

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

export const CampaignServiceUrl = settingNames.campaignServiceUrl
export const EntryServiceUrl = settingNames.entryServiceUrl
export const ServiceToken = settingNames.serviceToken
