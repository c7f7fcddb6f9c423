import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager"
import { Config, ConfigProvider, Effect, Layer, Option } from "effect"
import { MissingSetting } from "../../services/errors.js"
import { setting } from "../../services/Settings.js"
import { awsServiceClientConfig } from "./clientConfig.js"
import { secretArnSetting, settingNames } from "../../services/settingNames.js"

/** The secret settings of SPEC §2: in AWS each is a Secrets Manager secret, named by `<NAME>_SECRET_ARN`. */
export const secretSettingNames = [settingNames.slackToken, settingNames.serviceToken] as const

const arnOf = (name: string) => Effect.map(setting(secretArnSetting(name), Config.option(Config.nonEmptyString(secretArnSetting(name)))), Option.getOrUndefined)

const fetchSecret = (client: SecretsManagerClient, name: string, arn: string) =>
  Effect.tryPromise({
    try: () => client.send(new GetSecretValueCommand({ SecretId: arn })),
    catch: (error) => new MissingSetting({ variable: secretArnSetting(name), reason: `secret ${arn} could not be read: ${String(error)}` })
  }).pipe(
    Effect.flatMap((reply) =>
      reply.SecretString === undefined || reply.SecretString === ""
        ? Effect.fail(new MissingSetting({ variable: secretArnSetting(name), reason: `secret ${arn} holds no text` }))
        : Effect.succeed([name, reply.SecretString] as const)
    )
  )

/**
 * Reads, once at start-up, each secret setting whose `<NAME>_SECRET_ARN` is set, and makes
 * its value the setting `<NAME>` for every layer and program after it (a ConfigProvider
 * before the environment's). Without any `_SECRET_ARN`, nothing is read and the settings
 * come from the environment as before (local runs, tests). A secret that cannot be read
 * fails start-up with one line naming the variable; the value is never logged.
 */
export const SecretSettingsLive: Layer.Layer<never, MissingSetting> = Layer.unwrapEffect(
  Effect.gen(function* () {
    const wanted: Array<readonly [string, string]> = []
    for (const name of secretSettingNames) {
      const arn = yield* arnOf(name)
      if (arn !== undefined) wanted.push([name, arn])
    }
    if (wanted.length === 0) return Layer.empty
    const client = new SecretsManagerClient(yield* awsServiceClientConfig("SECRETS_MANAGER"))
    const values = yield* Effect.forEach(wanted, ([name, arn]) => fetchSecret(client, name, arn)).pipe(Effect.ensuring(Effect.sync(() => client.destroy())))
    const current = yield* Effect.configProviderWith(Effect.succeed)
    return Layer.setConfigProvider(ConfigProvider.orElse(ConfigProvider.fromMap(new Map(values)), () => current))
  })
)

/**
 * `services` built after the secret settings are read (SecretSettingsLive), which stay set
 * for the programs run over them. Only the handlers whose workers use a secret take it (the
 * Secrets Manager client is a fifth of a bundle).
 */
export const withSecretSettings = <A, E, R>(services: Layer.Layer<A, E, R>) =>
  services.pipe(Layer.provide(SecretSettingsLive), Layer.provideMerge(SecretSettingsLive))
