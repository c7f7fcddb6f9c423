import { Cause, Effect, Exit, Scope } from "effect"
import { Either, Fiber } from "effect"
import type { TestProject } from "vitest/node"
import { type AwsEndpoints, awsStandIns } from "../../src/local/standIns/aws/awsStandIns.js"
import { quietSdkNodeWarning } from "./awsTestConfig.js"
import { motoServer } from "./motoServer.js"

export type { AwsEndpoints }

declare module "vitest" {
  export interface ProvidedContext {
    awsEndpoints: AwsEndpoints
    /** moto_server's endpoint (every service on one port, as LocalStack): "" when it could not start. */
    motoEndpoint: string
    /** Why moto_server could not start (the moto tests fail with it; the others run on): "" when it did. */
    motoUnavailable: string
  }
}

/**
 * Starts s3rver, kinesis-mock, local-aws-sqs and DynamoDB Local once per test run, in
 * parallel (the runner's own stand-ins, src/local/standIns/aws), hands their endpoints to
 * the tests (`inject("awsEndpoints")`), and returns the teardown that stops them all.
 * When one fails to start, the others are stopped before failing, with its one line.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  quietSdkNodeWarning()
  const scope = Effect.runSync(Scope.make())
  // moto_server starts alongside the stand-ins, in a scope of its own that closes with theirs.
  const motoScope = Effect.runSync(Scope.make())
  const motoStart = Effect.runFork(Effect.either(Scope.extend(motoServer(), motoScope)))
  Effect.runSync(Scope.addFinalizer(scope, Effect.andThen(Fiber.interrupt(motoStart), Scope.close(motoScope, Exit.void))))
  const started = await Effect.runPromiseExit(Scope.extend(awsStandIns(), scope))
  if (Exit.isFailure(started)) {
    await Effect.runPromise(Scope.close(scope, Exit.void))
    throw Cause.squash(started.cause)
  }
  project.provide("awsEndpoints", started.value.endpoints)
  const moto = await Effect.runPromise(Fiber.join(motoStart))
  project.provide("motoEndpoint", Either.isRight(moto) ? moto.right.endpoint : "")
  project.provide("motoUnavailable", Either.isLeft(moto) ? moto.left.message : "")
  return () => Effect.runPromise(Scope.close(scope, Exit.void))
}
