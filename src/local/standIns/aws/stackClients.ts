import { DynamoDBClient } from "@aws-sdk/client-dynamodb"
import { KinesisClient } from "@aws-sdk/client-kinesis"
import { S3Client } from "@aws-sdk/client-s3"
import { SQSClient } from "@aws-sdk/client-sqs"
import { Effect } from "effect"
import { awsServiceClientConfig } from "../../../layers/aws/clientConfig.js"
import { scopedClient } from "./stackCall.js"

/**
 * SDK clients of the four services for the scope, built like the workers' (AWS_REGION,
 * AWS_ENDPOINT_URL_<SERVICE> or AWS_ENDPOINT_URL, credentials, all read through Config),
 * so that they reach the stand-ins, LocalStack or AWS alike. S3 by path behind an endpoint.
 */
export const stackClients = Effect.gen(function* () {
  const dynamo = yield* scopedClient(Effect.map(awsServiceClientConfig("DYNAMODB"), (config) => new DynamoDBClient(config)))
  const kinesis = yield* scopedClient(Effect.map(awsServiceClientConfig("KINESIS"), (config) => new KinesisClient(config)))
  const sqs = yield* scopedClient(Effect.map(awsServiceClientConfig("SQS"), (config) => new SQSClient(config)))
  const s3Config = yield* awsServiceClientConfig("S3")
  const s3 = yield* scopedClient(Effect.sync(() => new S3Client({ ...s3Config, forcePathStyle: s3Config.endpoint !== undefined })))
  return { dynamo, kinesis, sqs, s3, region: s3Config.region }
})
