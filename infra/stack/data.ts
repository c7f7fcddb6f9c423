import { Duration, RemovalPolicy } from "aws-cdk-lib"
import * as dynamodb from "aws-cdk-lib/aws-dynamodb"
import * as kinesis from "aws-cdk-lib/aws-kinesis"
import * as s3 from "aws-cdk-lib/aws-s3"
import * as sqs from "aws-cdk-lib/aws-sqs"
import { Construct } from "constructs"
import { demandTable } from "../../src/layers/aws/demandTableDefinition.js"

export interface DataProps {
  /** Shards of each Kinesis stream; undefined: on-demand capacity. */
  readonly streamShards: number | undefined
  /**
   * For a stack deployed before the drift check, which changes two of the table's indexes
   * where CloudFormation changes one an update: step 1 adds byChangeDay (byCampaign as it
   * was), step 2 deletes byCampaign, a deploy without a step re-creates it with the fans'
   * identifiers (docs/OPERATIONS.md, "Deploy"). Undefined: the table as it is meant to be.
   */
  readonly indexUpgradeStep?: 1 | 2
}

/** The stores and channels of SPEC §1: the scoring bucket, the demand table, both streams, the verdict queue and its dead letters. */
export class Data extends Construct {
  readonly bucket: s3.Bucket
  readonly table: dynamodb.Table
  readonly scoresStream: kinesis.Stream
  readonly campaignDataStream: kinesis.Stream
  readonly verdictQueue: sqs.Queue
  readonly verdictDeadLetters: sqs.Queue

  constructor(scope: Construct, id: string, props: DataProps) {
    super(scope, id)
    this.bucket = new s3.Bucket(this, "ScoringBucket", {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
      // Rejects files (SPEC §12) are upstream's to read, not an archive: gone after 90 days; a multipart upload a loader never finished, after 1.
      lifecycleRules: [
        { id: "rejects", prefix: "rejects/", expiration: Duration.days(90) },
        { id: "unfinished-uploads", abortIncompleteMultipartUploadAfter: Duration.days(1) }
      ]
    })
    this.table = new dynamodb.Table(this, "DemandTable", {
      partitionKey: { name: demandTable.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: demandTable.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: demandTable.ttlAttribute,
      removalPolicy: RemovalPolicy.RETAIN
    })
    const projected = props.indexUpgradeStep === 1 ? demandTable.countedAttributes : [...demandTable.countedAttributes, ...demandTable.identityAttributes]
    if (props.indexUpgradeStep !== 2) {
      this.table.addGlobalSecondaryIndex({
        indexName: demandTable.byCampaign,
        partitionKey: { name: demandTable.campaignId, type: dynamodb.AttributeType.STRING },
        sortKey: { name: demandTable.partitionKey, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.INCLUDE,
        nonKeyAttributes: [...projected]
      })
    }
    // The campaigns whose counts changed on a day (only meta:counts carries changedDay): what the drift check recounts.
    this.table.addGlobalSecondaryIndex({
      indexName: demandTable.byChangeDay,
      partitionKey: { name: demandTable.changedDay, type: dynamodb.AttributeType.STRING },
      sortKey: { name: demandTable.partitionKey, type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.KEYS_ONLY
    })
    const capacity =
      props.streamShards === undefined ? { streamMode: kinesis.StreamMode.ON_DEMAND } : { streamMode: kinesis.StreamMode.PROVISIONED, shardCount: props.streamShards }
    const stream = (name: string) => new kinesis.Stream(this, name, { ...capacity, retentionPeriod: Duration.hours(24), encryption: kinesis.StreamEncryption.MANAGED })
    this.scoresStream = stream("ScoresStream")
    this.campaignDataStream = stream("CampaignDataStream")
    this.verdictDeadLetters = new sqs.Queue(this, "VerdictDeadLetters", { retentionPeriod: Duration.days(14), enforceSSL: true })
    this.verdictQueue = new sqs.Queue(this, "VerdictQueue", {
      // Six times the reporter's timeout, as Lambda advises for a queue it reads.
      visibilityTimeout: Duration.minutes(6),
      enforceSSL: true,
      deadLetterQueue: { queue: this.verdictDeadLetters, maxReceiveCount: 5 }
    })
  }
}
