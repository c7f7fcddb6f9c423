import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda"
import { Effect, Layer } from "effect"
import { ContinuationError, type MissingSetting } from "../../services/errors.js"
import { LoadContinuations } from "../../services/LoadContinuations.js"
import { required } from "../../services/Settings.js"
import { describeAwsError } from "./awsError.js"
import { awsServiceClientConfig } from "./clientConfig.js"
import { sendRetried } from "./transientRetry.js"
import { settingNames } from "../../services/settingNames.js"
import { portName, withPortSpans } from "../observability/portSpans.js"

const lambdaClient = Effect.acquireRelease(
  Effect.map(awsServiceClientConfig("LAMBDA"), (config) => new LambdaClient(config)),
  (client) => Effect.sync(() => client.destroy())
)

/** Lambda queues an asynchronous invocation with 202; anything else is not a continuation taken. */
const queued = 202

/**
 * A load's continuation as an asynchronous invocation (`Event`) of the function running it
 * (AWS_LAMBDA_FUNCTION_NAME, which Lambda sets; read when a load first hands one on, so a
 * function started without it fails only the load that needs it, naming the variable).
 * Lambda keeps the event and retries a failed invocation of it twice, as it does the S3
 * event's. A call retried after a lost reply may queue the event twice: a continuation run
 * twice is safe (LoadContinuations).
 */
export const LambdaLoadContinuationsLive: Layer.Layer<LoadContinuations, MissingSetting> = Layer.scoped(
  LoadContinuations,
  Effect.gen(function* () {
    const client = yield* lambdaClient
    const ownName = yield* Effect.cached(required(settingNames.lambdaFunctionName))
    const invoke = (functionName: string, event: object) => {
      const refused = (reason: string) => new ContinuationError({ function: functionName, reason })
      const payload = new TextEncoder().encode(JSON.stringify(event))
      return sendRetried(
        (signal) => client.send(new InvokeCommand({ FunctionName: functionName, InvocationType: "Event", Payload: payload }), { abortSignal: signal }),
        (error) => refused(describeAwsError(error))
      ).pipe(Effect.filterOrFail((reply) => reply.StatusCode === queued, (reply) => refused(`Invoke answered ${reply.StatusCode}, not ${queued}`)))
    }
    return withPortSpans(portName(LoadContinuations), LoadContinuations.of({
      handOn: (event) =>
        ownName.pipe(
          Effect.mapError((missing) => new ContinuationError({ function: "this function", reason: missing.message })),
          Effect.flatMap((functionName) => invoke(functionName, event)),
          Effect.asVoid
        )
    }))
  })
)
