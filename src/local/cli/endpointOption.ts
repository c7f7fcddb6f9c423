import { Options } from "@effect/cli"
import { ConfigProvider, Effect, Option } from "effect"
import { settingNames } from "../../services/settingNames.js"

/** `--endpoint URL`: the AWS services at this URL (LocalStack, moto, the stand-ins) instead of AWS. */
export const endpointOption = (what: string) =>
  Options.text("endpoint").pipe(Options.withDescription(`${what} at this URL (LocalStack, DynamoDB Local) instead of AWS`), Options.optional)

/** The services at `url` for the program, other settings from the environment. */
const atEndpoint = (url: string) =>
  ConfigProvider.fromMap(new Map([[settingNames.awsEndpointUrl, url]])).pipe(ConfigProvider.orElse(() => ConfigProvider.fromEnv()))

/** The program on the endpoint given, if one was. */
export const onEndpoint = <A, E, R>(program: Effect.Effect<A, E, R>, endpoint: Option.Option<string>) =>
  Option.isSome(endpoint) ? Effect.withConfigProvider(program, atEndpoint(endpoint.value)) : program
