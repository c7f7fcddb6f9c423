import { Effect, type Scope } from "effect"
import { closedOnFailure } from "./closedOnFailure.js"
import { dynamoStandIn, type DynamoStandInOptions } from "./dynamoStandIn.js"
import { kinesisStandIn, type KinesisStandInOptions } from "./kinesisStandIn.js"
import { s3StandIn, type S3StandInOptions } from "./s3StandIn.js"
import { sqsStandIn, type SqsStandInOptions } from "./sqsStandIn.js"
import type { StandIn, StandInError } from "./StandIn.js"

/** Also localAwsStack's, for its start as a whole. */
export { closedOnFailure }

/** Where the stand-ins listen (all on 127.0.0.1). */
export interface AwsEndpoints {
  readonly dynamodb: string
  readonly kinesis: string
  readonly sqs: string
  readonly s3: string
}

export interface AwsStandIns {
  readonly endpoints: AwsEndpoints
  /** The four, for messages and for checks that their processes are gone. */
  readonly standIns: ReadonlyArray<StandIn>
}

/** Per stand-in options (ports or how to choose them, DynamoDB Local's environment); by default free ports and the runner's PATH. */
export interface AwsStandInsOptions {
  readonly dynamodb?: DynamoStandInOptions
  readonly kinesis?: KinesisStandInOptions
  readonly sqs?: SqsStandInOptions
  readonly s3?: S3StandInOptions
}

/**
 * DynamoDB Local, kinesis-mock, local-aws-sqs and s3rver, started in parallel on loopback
 * and stopped when the scope closes. When one fails to start, the others are stopped
 * (those still starting are interrupted) before the failure is returned.
 */
export const awsStandIns = (options: AwsStandInsOptions = {}): Effect.Effect<AwsStandIns, StandInError, Scope.Scope> =>
  closedOnFailure(
    Effect.all(
      {
        dynamodb: dynamoStandIn(options.dynamodb),
        kinesis: kinesisStandIn(options.kinesis),
        sqs: sqsStandIn(options.sqs),
        s3: s3StandIn(options.s3)
      },
      { concurrency: "unbounded" }
    ).pipe(
      Effect.map(({ dynamodb, kinesis, sqs, s3 }) => ({
        endpoints: { dynamodb: dynamodb.endpoint, kinesis: kinesis.endpoint, sqs: sqs.endpoint, s3: s3.endpoint },
        standIns: [dynamodb, kinesis, sqs, s3]
      }))
    )
  )
