import { Cause, Effect, Exit, Scope } from "effect"
import type { TestProject } from "vitest/node"
import { type AwsEndpoints, awsStandIns } from "../../src/layers/local/aws/awsStandIns.js"
import { quietSdkNodeWarning } from "./awsTestConfig.js"

export type { AwsEndpoints }

declare module "vitest" {
  export interface ProvidedContext {
    awsEndpoints: AwsEndpoints
  }
}

/**
 * Starts s3rver, kinesis-mock, local-aws-sqs and DynamoDB Local once per test run, in
 * parallel (the runner's own stand-ins, src/layers/local/aws), hands their endpoints to
 * the tests (`inject("awsEndpoints")`), and returns the teardown that stops them all.
 * When one fails to start, the others are stopped before failing, with its one line.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  quietSdkNodeWarning()
  const scope = Effect.runSync(Scope.make())
  const started = await Effect.runPromiseExit(Scope.extend(awsStandIns(), scope))
  if (Exit.isFailure(started)) {
    await Effect.runPromise(Scope.close(scope, Exit.void))
    throw Cause.squash(started.cause)
  }
  project.provide("awsEndpoints", started.value.endpoints)
  return () => Effect.runPromise(Scope.close(scope, Exit.void))
}
