import { DynamoDBClient } from "@aws-sdk/client-dynamodb"
import { DynamoDBStreamsClient } from "@aws-sdk/client-dynamodb-streams"
import { KinesisClient } from "@aws-sdk/client-kinesis"
import { S3Client } from "@aws-sdk/client-s3"
import { SQSClient } from "@aws-sdk/client-sqs"
import { NodeHttpHandler } from "@smithy/node-http-handler"
import { Effect } from "effect"
import { testCredentials, testRegion } from "./awsTestConfig.js"

/** Plain SDK clients the tests use to set up and inspect the stand-ins, beside the layers under test. */
const clientConfig = (endpoint: string) => ({
  endpoint,
  region: testRegion,
  credentials: testCredentials,
  requestHandler: new NodeHttpHandler({ connectionTimeout: 2_000, requestTimeout: 10_000 })
})

const scopedClient = <C extends { destroy(): void }>(make: () => C) =>
  Effect.acquireRelease(Effect.sync(make), (client) => Effect.sync(() => client.destroy()))

export const testS3Client = (endpoint: string) =>
  scopedClient(() => new S3Client({ ...clientConfig(endpoint), forcePathStyle: true }))

export const testKinesisClient = (endpoint: string) => scopedClient(() => new KinesisClient(clientConfig(endpoint)))

export const testSqsClient = (endpoint: string) => scopedClient(() => new SQSClient(clientConfig(endpoint)))

export const testDynamoClient = (endpoint: string) => scopedClient(() => new DynamoDBClient(clientConfig(endpoint)))

export const testDynamoStreamsClient = (endpoint: string) =>
  scopedClient(() => new DynamoDBStreamsClient(clientConfig(endpoint)))

/** An SDK call in a test: a failure is a defect that fails the test with the SDK's error. */
export const call = <A>(send: (signal: AbortSignal) => Promise<A>) => Effect.promise(send)
