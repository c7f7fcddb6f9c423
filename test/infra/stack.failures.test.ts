import { describe, expect, it } from "vitest"
import { keptBatchDays } from "../../infra/stack/failedBatches.js"
import { mappingOf, resources, statementsOf, template, workerNames } from "./stackTemplate.js"

const streamConsumers = ["scoresToDynamoDB", "entryScoring", "savedScores"]
const buckets = Object.entries(resources).filter(([, r]) => r.Type === "AWS::S3::Bucket")
const failedBatches = buckets.filter(([id]) => id.startsWith("FailedBatches"))
const bucketId = failedBatches[0]![0]
const bucketArn = { "Fn::GetAtt": [bucketId, "Arn"] }
const objectsArn = { "Fn::Join": ["", [bucketArn, "/*"]] }
const actions = (statement: { Action: string | Array<string> }) => [statement.Action].flat()
/** The actions a function's role is allowed on the failed-batches bucket or its objects. */
const onFailedBatches = (name: string) =>
  statementsOf(name)
    .filter((statement) => JSON.stringify(statement.Resource).includes(`"${bucketId}"`))
    .flatMap((statement) => actions(statement).map((action) => ({ action, resource: statement.Resource })))

describe("the CDK stack (infra/): batches the stream consumers give up on", () => {
  it("has a bucket of its own for them, apart from the scoring bucket", () => {
    expect(failedBatches).toHaveLength(1)
    expect(buckets.map(([id]) => id).filter((id) => id !== bucketId)).toEqual([expect.stringMatching(/^DataScoringBucket/)])
  })

  it("keeps each stream mapping's failed batch whole in that bucket, and no stream mapping sends to a queue", () => {
    for (const name of streamConsumers) {
      expect(mappingOf(name)["DestinationConfig"]).toEqual({ OnFailure: { Destination: bucketArn } })
    }
    const queues = Object.keys(resources).filter((id) => resources[id]!.Type === "AWS::SQS::Queue")
    expect(queues.filter((id) => /ScoresToDynamoDB|EntryScoring|SavedScores/.test(id))).toEqual([])
  })

  it("encrypts it, blocks public access, asks for TLS, expires kept batches and retains the bucket", () => {
    const [, bucket] = failedBatches[0]! as [string, { Properties: Record<string, unknown>; DeletionPolicy?: string; UpdateReplacePolicy?: string }]
    expect(bucket.Properties["BucketEncryption"]).toEqual({ ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }] })
    expect(bucket.Properties["PublicAccessBlockConfiguration"]).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true })
    expect(keptBatchDays).toBe(30)
    expect(bucket.Properties["LifecycleConfiguration"]).toEqual({ Rules: [{ Id: "kept-batches-expire", Status: "Enabled", ExpirationInDays: 30 }] })
    expect([bucket.DeletionPolicy, bucket.UpdateReplacePolicy]).toEqual(["Retain", "Retain"])
    const policies = Object.values(resources).filter((r) => r.Type === "AWS::S3::BucketPolicy" && JSON.stringify(r.Properties["Bucket"]) === JSON.stringify({ Ref: bucketId }))
    expect(JSON.stringify(policies.map((r) => r.Properties))).toContain('"aws:SecureTransport":"false"')
  })

  it("lets each stream consumer put and list there (what Lambda needs to write a kept batch), and no other function touch it", () => {
    for (const name of streamConsumers) {
      const granted = onFailedBatches(name)
      expect(granted).toEqual(expect.arrayContaining([{ action: "s3:PutObject", resource: [bucketArn, objectsArn] }]))
      expect(granted.map(({ action }) => action)).toEqual(expect.arrayContaining(["s3:List*"]))
    }
    for (const other of workerNames.filter((name) => !streamConsumers.includes(name))) expect(onFailedBatches(other)).toEqual([])
  })

  it("alarms on a batch kept (the bucket's PUT requests) and outputs the bucket's name", () => {
    const alarms = Object.values(resources).filter((r) => r.Type === "AWS::CloudWatch::Alarm").map((r) => r.Properties)
    const kept = alarms.filter((a) => a["Namespace"] === "AWS/S3")
    expect(kept.map((a) => [a["MetricName"], a["Dimensions"], a["Statistic"], a["Threshold"], a["ComparisonOperator"]])).toEqual([
      ["PutRequests", [{ Name: "BucketName", Value: { Ref: bucketId } }, { Name: "FilterId", Value: "kept-batches" }], "Sum", 0, "GreaterThanThreshold"]
    ])
    expect(resources[bucketId]!.Properties["MetricsConfigurations"]).toEqual([{ Id: "kept-batches" }])
    expect(template.toJSON().Outputs["FailedBatchesBucketName"]).toEqual({ Value: { Ref: bucketId } })
  })
})
