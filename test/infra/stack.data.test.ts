import { Match } from "aws-cdk-lib/assertions"
import { describe, expect, it } from "vitest"
import { demandTableDefinition } from "../../src/layers/aws/demandTableDefinition.js"
import { functions, resources, synth, template } from "./stackTemplate.js"

describe("the CDK stack (infra/): data, notifications, outputs", () => {
  it("has the demand table of SPEC §4: PK/SK, both images on its stream, point-in-time recovery, TTL, the byCampaign and byChangeDay indexes", () => {
    template.hasResourceProperties("AWS::DynamoDB::Table", {
      KeySchema: [
        { AttributeName: "PK", KeyType: "HASH" },
        { AttributeName: "SK", KeyType: "RANGE" }
      ],
      BillingMode: "PAY_PER_REQUEST",
      StreamSpecification: { StreamViewType: "NEW_AND_OLD_IMAGES" },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: "expiresAt", Enabled: true },
      GlobalSecondaryIndexes: [
        Match.objectLike({
          IndexName: "byCampaign",
          KeySchema: [
            { AttributeName: "campaignId", KeyType: "HASH" },
            { AttributeName: "PK", KeyType: "RANGE" }
          ],
          Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["isVerified", "verdict", "globalUserId", "memberId", "email"] }
        }),
        Match.objectLike({
          IndexName: "byChangeDay",
          KeySchema: [
            { AttributeName: "changedDay", KeyType: "HASH" },
            { AttributeName: "PK", KeyType: "RANGE" }
          ],
          Projection: { ProjectionType: "KEYS_ONLY" }
        })
      ]
    })
  })

  it("has the indexes and key attributes of the definition the tests' tables and bootstrap create (demandTableDefinition.ts)", () => {
    const definition = demandTableDefinition("any")
    const tables = Object.values(resources).filter((r) => r.Type === "AWS::DynamoDB::Table")
    expect(tables).toHaveLength(1)
    const table = tables[0]!.Properties as { GlobalSecondaryIndexes: Array<object>; AttributeDefinitions: Array<object> }
    const byName = <T extends { AttributeName: string }>(items: ReadonlyArray<T>) => [...items].sort((a, b) => a.AttributeName.localeCompare(b.AttributeName))
    expect(byName(table.AttributeDefinitions as Array<{ AttributeName: string }>)).toEqual(byName(definition.AttributeDefinitions))
    expect(table.GlobalSecondaryIndexes).toEqual(definition.GlobalSecondaryIndexes)
  })

  it("upgrades an older stack's indexes one a deploy: step 1 adds byChangeDay, step 2 drops byCampaign, then it comes back with the identifiers", () => {
    type Table = { Type: string; Properties: { GlobalSecondaryIndexes: Array<{ IndexName: string; Projection: { NonKeyAttributes?: Array<string> } }> } }
    const indexes = (step?: 1 | 2) => {
      const table = Object.values(synth(undefined, step).toJSON().Resources as Record<string, Table>).find((r) => r.Type === "AWS::DynamoDB::Table")!
      return table.Properties.GlobalSecondaryIndexes.map((index) => [index.IndexName, index.Projection.NonKeyAttributes ?? []])
    }
    const before = [["byCampaign", ["isVerified", "verdict"]]]
    const steps = [indexes(1), indexes(2), indexes()]
    expect(steps).toEqual([
      [...before, ["byChangeDay", []]],
      [["byChangeDay", []]],
      [["byCampaign", ["isVerified", "verdict", "globalUserId", "memberId", "email"]], ["byChangeDay", []]]
    ])
    // Each step differs from the one before by one index, as CloudFormation requires of an update.
    const names = (list: ReadonlyArray<ReadonlyArray<unknown>>) => list.map((index) => JSON.stringify(index))
    for (const [from, to] of [[before, steps[0]!], [steps[0]!, steps[1]!], [steps[1]!, steps[2]!]] as const) {
      const [a, b] = [names(from), names(to)]
      expect(a.filter((x) => !b.includes(x)).length + b.filter((x) => !a.includes(x)).length).toBe(1)
    }
  })

  it("has both streams on demand by default, and with the shards asked for otherwise", () => {
    template.resourcePropertiesCountIs("AWS::Kinesis::Stream", { StreamModeDetails: { StreamMode: "ON_DEMAND" } }, 2)
    synth(4).resourcePropertiesCountIs("AWS::Kinesis::Stream", { ShardCount: 4, StreamModeDetails: { StreamMode: "PROVISIONED" } }, 2)
  })

  it("expires rejects files after 90 days and unfinished multipart uploads after 1, and keeps the scoring files", () => {
    template.hasResourceProperties("AWS::S3::Bucket", {
      LifecycleConfiguration: {
        Rules: [
          { Id: "rejects", Prefix: "rejects/", ExpirationInDays: 90, Status: "Enabled" },
          { Id: "unfinished-uploads", AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: "Enabled" }
        ]
      }
    })
  })

  it("has the verdict queue with a dead-letter queue after 5 receives", () => {
    template.hasResourceProperties("AWS::SQS::Queue", {
      VisibilityTimeout: 360,
      RedrivePolicy: { maxReceiveCount: 5, deadLetterTargetArn: { "Fn::GetAtt": [Match.stringLikeRegexp("^DataVerdictDeadLetters"), "Arn"] } }
    })
  })

  it("notifies the two loaders of new .csv objects by prefix", () => {
    const target = (name: string) => ({ "Fn::GetAtt": [functions[name]!.id, "Arn"] })
    const rule = (prefix: string) => ({ Key: { FilterRules: Match.arrayWith([{ Name: "suffix", Value: ".csv" }, { Name: "prefix", Value: prefix }]) } })
    template.hasResourceProperties("Custom::S3BucketNotifications", {
      NotificationConfiguration: {
        LambdaFunctionConfigurations: Match.arrayWith([
          { Events: ["s3:ObjectCreated:*"], LambdaFunctionArn: target("scrubbedFile"), Filter: rule("scrubbed/") },
          { Events: ["s3:ObjectCreated:*"], LambdaFunctionArn: target("fanlistFile"), Filter: rule("fanlist/scored/") }
        ])
      }
    })
  })

  it("names what operators' commands need in its outputs", () => {
    const outputs = Object.keys(template.toJSON().Outputs as object)
    expect(outputs).toEqual(
      expect.arrayContaining(["ScoringBucketName", "DemandTableName", "VerdictQueueUrl", "VerdictDeadLettersArn", "FailedBatchesBucketName", "scrubbedFileFunctionName"])
    )
  })

  it("holds no secret value", () => {
    const text = JSON.stringify(template.toJSON())
    expect(text).not.toMatch(/"(SLACK_TOKEN|SERVICE_TOKEN)"/)
    expect(text).not.toMatch(/xox[bp]-/)
  })
})
