import type { TestProject } from "vitest/node"
import { quietSdkNodeWarning } from "./awsTestConfig.js"
import { startDynamo } from "./standins/dynamoStandin.js"
import { startKinesis } from "./standins/kinesisStandin.js"
import { startS3 } from "./standins/s3Standin.js"
import { startSqs } from "./standins/sqsStandin.js"
import type { StandIn } from "./standins/StandIn.js"

/** Where the stand-ins of this test run listen (all on 127.0.0.1). */
export interface AwsEndpoints {
  readonly s3: string
  readonly kinesis: string
  readonly sqs: string
  readonly dynamodb: string
}

declare module "vitest" {
  export interface ProvidedContext {
    awsEndpoints: AwsEndpoints
  }
}

const stopAll = async (standIns: ReadonlyArray<StandIn>) => {
  await Promise.allSettled(standIns.map((standIn) => standIn.stop()))
}

/**
 * Starts s3rver, kinesis-mock, local-aws-sqs and DynamoDB Local once per test run, in
 * parallel, hands their endpoints to the tests (`inject("awsEndpoints")`), and returns
 * the teardown that stops them all. When one fails to start, the others are stopped before failing.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  quietSdkNodeWarning()
  const starts = await Promise.allSettled([startS3(), startKinesis(), startSqs(), startDynamo()])
  const standIns = starts.flatMap((start) => (start.status === "fulfilled" ? [start.value] : []))
  const failure = starts.find((start): start is PromiseRejectedResult => start.status === "rejected")
  if (failure !== undefined || standIns.length !== starts.length) {
    await stopAll(standIns)
    throw failure?.reason ?? new Error("a stand-in did not start")
  }
  const [s3, kinesis, sqs, dynamodb] = standIns as [StandIn, StandIn, StandIn, StandIn]
  project.provide("awsEndpoints", { s3: s3.endpoint, kinesis: kinesis.endpoint, sqs: sqs.endpoint, dynamodb: dynamodb.endpoint })
  return () => stopAll(standIns)
}
