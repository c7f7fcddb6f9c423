import { Duration, RemovalPolicy } from "aws-cdk-lib"
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch"
import * as s3 from "aws-cdk-lib/aws-s3"
import { Construct } from "constructs"

/** How long a kept batch stays replayable: as long as the functions' logs that explain it. */
export const keptBatchDays = 30

/** The request-metrics filter of the whole bucket: every PUT is a batch a stream consumer gave up on. */
const everyObject = "kept-batches"

/**
 * Where the stream consumers' event source mappings keep a batch they gave up on (8 retries or
 * 6 hours): Lambda writes the whole invocation record, the original event under `payload`, so
 * an operator replays it with `vf-workers redrive` however long the stream has kept the records.
 * Kept batches hold fans' scores: encrypted, never public, TLS only, gone after keptBatchDays,
 * and kept if the stack is deleted.
 */
export class FailedBatches extends Construct {
  readonly bucket: s3.Bucket

  constructor(scope: Construct, id: string) {
    super(scope, id)
    this.bucket = new s3.Bucket(this, "Bucket", {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ id: "kept-batches-expire", expiration: Duration.days(keptBatchDays) }],
      // Request metrics, so that a batch kept is alarmed on within minutes (the daily object count is too late).
      metrics: [{ id: everyObject }]
    })
  }

  /** Batches kept in five minutes: the bucket's PUT requests. */
  keptMetric(): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: "AWS/S3",
      metricName: "PutRequests",
      dimensionsMap: { BucketName: this.bucket.bucketName, FilterId: everyObject },
      statistic: "Sum",
      period: Duration.minutes(5)
    })
  }
}
