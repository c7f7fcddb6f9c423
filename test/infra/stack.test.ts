import { App } from "aws-cdk-lib"
import { Match, Template } from "aws-cdk-lib/assertions"
import * as lambda from "aws-cdk-lib/aws-lambda"
import { beforeAll, describe, expect, it } from "vitest"
import { VfScoringStack } from "../../infra/stack/VfScoringStack.js"

/** The synthesized template of infra/ (CloudFormation, offline), with stand-in code for the functions. */
const synth = (streamShards?: number) => {
  const app = new App()
  const stack = new VfScoringStack(app, "Test", { streamShards, code: () => lambda.Code.fromInline("export const handler = async () => ({})") })
  return Template.fromStack(stack)
}

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>

let template: Template
let resources: Resources
/** Our seven functions (not CDK's own bucket-notification helper), by the name in their logical id. */
let functions: Record<string, { id: string; props: Record<string, any> }>

const workerNames = ["scrubbedFile", "fanlistFile", "scoresToDynamoDB", "entryScoring", "savedScores", "verdictReporter", "campaignProxy"]

beforeAll(() => {
  template = synth()
  resources = template.toJSON().Resources as Resources
  functions = {}
  for (const [id, resource] of Object.entries(resources)) {
    if (resource.Type !== "AWS::Lambda::Function") continue
    const name = workerNames.find((worker) => id.startsWith(`Functions${worker}`))
    if (name !== undefined) functions[name] = { id, props: resource.Properties }
  }
})

interface Statement {
  readonly Action: string | Array<string>
  readonly Resource: unknown
}

/** The IAM statements granted to a function's role, all policies together. */
const statementsOf = (name: string): Array<Statement> => {
  const role = functions[name]!.props["Role"]["Fn::GetAtt"][0] as string
  return Object.values(resources)
    .filter((r) => r.Type === "AWS::IAM::Policy" && (r.Properties["Roles"] as Array<{ Ref: string }>).some((ref) => ref.Ref === role))
    .flatMap((r) => (r.Properties["PolicyDocument"] as { Statement: Array<Statement> }).Statement)
}

const actionsOf = (name: string): Array<string> =>
  statementsOf(name).flatMap((statement) => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]))

/** Whether the role may send to a queue whose logical id starts with `queue`. */
const sendsTo = (name: string, queue: string) =>
  statementsOf(name).some((statement) => [statement.Action].flat().includes("sqs:SendMessage") && JSON.stringify(statement.Resource).includes(`"${queue}`))

const mappingOf = (name: string) => {
  const found = Object.values(resources).filter((r) => r.Type === "AWS::Lambda::EventSourceMapping" && (r.Properties["FunctionName"] as { Ref: string }).Ref === functions[name]!.id)
  expect(found).toHaveLength(1)
  return found[0]!.Properties
}

describe("the CDK stack (infra/)", () => {
  it("has the demand table of SPEC §4: PK/SK, both images on its stream, point-in-time recovery, TTL, the byCampaign index", () => {
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
          Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["isVerified", "verdict"] }
        })
      ]
    })
  })

  it("has both streams on demand by default, and with the shards asked for otherwise", () => {
    template.resourcePropertiesCountIs("AWS::Kinesis::Stream", { StreamModeDetails: { StreamMode: "ON_DEMAND" } }, 2)
    synth(4).resourcePropertiesCountIs("AWS::Kinesis::Stream", { ShardCount: 4, StreamModeDetails: { StreamMode: "PROVISIONED" } }, 2)
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

  it("has the seven functions on Node.js, arm64, with their memory and timeout", () => {
    expect(Object.keys(functions).sort()).toEqual([...workerNames].sort())
    const sizing = Object.fromEntries(Object.entries(functions).map(([name, { props }]) => [name, [props["MemorySize"], props["Timeout"]]]))
    expect(sizing).toEqual({
      scrubbedFile: [3538, 900],
      fanlistFile: [1769, 900],
      scoresToDynamoDB: [1024, 300],
      entryScoring: [512, 300],
      savedScores: [512, 60],
      verdictReporter: [512, 60],
      campaignProxy: [256, 10]
    })
    for (const { props } of Object.values(functions)) {
      expect(props).toMatchObject({ Runtime: "nodejs24.x", Architectures: ["arm64"], Handler: "index.handler" })
    }
  })

  it("gives each function the settings of SPEC §2 its worker reads, secrets only as Secrets Manager ARNs", () => {
    const keys = Object.fromEntries(Object.entries(functions).map(([name, { props }]) => [name, Object.keys(props["Environment"]["Variables"]).sort()]))
    expect(keys).toEqual({
      scrubbedFile: ["SCORES_STREAM", "SCORING_BUCKET", "VERDICT_QUEUE_URL"],
      fanlistFile: ["CAMPAIGN_DATA_STREAM", "DEMAND_TABLE", "SCORING_BUCKET", "VERDICT_QUEUE_URL"],
      scoresToDynamoDB: ["DEMAND_TABLE"],
      entryScoring: ["CAMPAIGN_SERVICE_URL", "ENTRY_SERVICE_URL", "SERVICE_TOKEN_SECRET_ARN"],
      savedScores: ["DEMAND_TABLE"],
      verdictReporter: [
        "CAMPAIGN_SERVICE_URL",
        "DEMAND_TABLE",
        "SERVICE_TOKEN_SECRET_ARN",
        "SLACK_CHANNEL",
        "SLACK_TOKEN_SECRET_ARN",
        "VERDICT_MAX_ATTEMPTS",
        "VERDICT_QUEUE_URL",
        "VERDICT_SETTLE_SECONDS"
      ],
      campaignProxy: ["CAMPAIGN_SERVICE_URL", "SERVICE_TOKEN_SECRET_ARN"]
    })
    const parameters = template.toJSON().Parameters as Record<string, { Default?: string }>
    expect(parameters["SlackCredentialsName"]?.Default).toBe("vf-scoring/slack-token")
    expect(parameters["ServiceCredentialsName"]?.Default).toBe("vf-scoring/service-token")
  })

  it("grants each function only what its worker does", () => {
    const has = (name: string, prefix: string) => actionsOf(name).some((action) => action.startsWith(prefix))
    const services = (name: string) => [
      ...["s3:", "dynamodb:", "kinesis:", "secretsmanager:"].filter((prefix) => has(name, prefix)),
      ...(sendsTo(name, "DataVerdictQueue") ? ["verdict queue"] : []),
      ...(sendsTo(name, "Triggers") ? ["its failure queue"] : [])
    ]
    // kinesis: and dynamodb: of a stream consumer include reading its stream (the mapping's grant)
    expect(Object.fromEntries(workerNames.map((name) => [name, services(name)]))).toEqual({
      scrubbedFile: ["s3:", "kinesis:", "verdict queue"],
      fanlistFile: ["s3:", "dynamodb:", "kinesis:", "verdict queue"],
      scoresToDynamoDB: ["dynamodb:", "kinesis:", "its failure queue"],
      entryScoring: ["kinesis:", "secretsmanager:", "its failure queue"],
      savedScores: ["dynamodb:", "its failure queue"],
      verdictReporter: ["dynamodb:", "secretsmanager:", "verdict queue"],
      campaignProxy: ["secretsmanager:"]
    })
    expect(actionsOf("scrubbedFile").filter((action) => action.startsWith("s3:"))).not.toContain("s3:PutObject*")
    const objectsRead = (name: string) => JSON.stringify(statementsOf(name).filter((statement) => [statement.Action].flat().includes("s3:GetObject*")).map((statement) => statement.Resource))
    expect(objectsRead("scrubbedFile")).toContain("/scrubbed/*")
    expect(objectsRead("fanlistFile")).toContain("/fanlist/scored/*")
    expect(actionsOf("scrubbedFile").filter((action) => action.startsWith("kinesis:"))).toContain("kinesis:PutRecords")
    template.hasResourceProperties("AWS::Lambda::Permission", { Principal: "appsync.amazonaws.com", FunctionName: { "Fn::GetAtt": [functions["campaignProxy"]!.id, "Arn"] } })
  })

  it("feeds the stream consumers with reported item failures, bisection, bounded retries and age, and a failure queue", () => {
    for (const name of ["scoresToDynamoDB", "entryScoring", "savedScores"]) {
      expect(mappingOf(name)).toMatchObject({
        FunctionResponseTypes: ["ReportBatchItemFailures"],
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: 8,
        MaximumRecordAgeInSeconds: 21_600,
        StartingPosition: "TRIM_HORIZON",
        DestinationConfig: { OnFailure: { Destination: { "Fn::GetAtt": [expect.stringMatching(/^Triggers.*Failures/), "Arn"] } } }
      })
    }
    expect(mappingOf("scoresToDynamoDB")).toMatchObject({ BatchSize: 500, MaximumBatchingWindowInSeconds: 5, ParallelizationFactor: 2 })
    expect(mappingOf("savedScores")).toMatchObject({ BatchSize: 100, MaximumBatchingWindowInSeconds: 2 })
    expect(mappingOf("verdictReporter")).toMatchObject({ BatchSize: 10, FunctionResponseTypes: ["ReportBatchItemFailures"] })
  })

  it("never invokes processSavedScores for meta: items (a filter on the table's stream)", () => {
    const filters = (mappingOf("savedScores")["FilterCriteria"] as { Filters: Array<{ Pattern: string }> }).Filters
    expect(filters.map((filter) => JSON.parse(filter.Pattern))).toEqual([
      { dynamodb: { Keys: { PK: { S: [{ prefix: "fan:" }, { prefix: "sid:" }, { prefix: "email:" }] }, SK: { S: [{ prefix: "campaign:" }] } } } }
    ])
  })

  it("alarms on iterator age over an hour, error rate over 5%, a verdict message older than 15 minutes, anything in a dead-letter queue", () => {
    const alarms = Object.values(resources).filter((r) => r.Type === "AWS::CloudWatch::Alarm").map((r) => r.Properties)
    const iteratorAge = alarms.filter((a) => a["MetricName"] === "IteratorAge")
    expect(iteratorAge.map((a) => [a["Threshold"], a["Statistic"]])).toEqual(Array(3).fill([3_600_000, "Maximum"]))
    const errorRates = alarms.filter((a) => JSON.stringify(a["Metrics"] ?? "").includes("100 * errors"))
    expect(errorRates.map((a) => a["Threshold"])).toEqual(Array(7).fill(5))
    expect(alarms.filter((a) => a["MetricName"] === "ApproximateAgeOfOldestMessage").map((a) => a["Threshold"])).toEqual([900])
    const deadLetters = alarms.filter((a) => a["MetricName"] === "ApproximateNumberOfMessagesVisible")
    expect(deadLetters.map((a) => [a["Threshold"], a["ComparisonOperator"]])).toEqual(Array(4).fill([0, "GreaterThanThreshold"]))
  })

  it("keeps each function's logs a month", () => {
    template.resourcePropertiesCountIs("AWS::Logs::LogGroup", { RetentionInDays: 30 }, 7)
    for (const { props } of Object.values(functions)) expect(props["LoggingConfig"]).toMatchObject({ LogGroup: { Ref: expect.stringMatching(/Logs/) } })
  })

  it("names what operators' commands need in its outputs", () => {
    const outputs = Object.keys(template.toJSON().Outputs as object)
    expect(outputs).toEqual(
      expect.arrayContaining(["ScoringBucketName", "DemandTableName", "VerdictQueueUrl", "VerdictDeadLettersArn", "SavedScoresFailuresUrl", "scrubbedFileFunctionName"])
    )
  })

  it("holds no secret value", () => {
    const text = JSON.stringify(template.toJSON())
    expect(text).not.toMatch(/"(SLACK_TOKEN|SERVICE_TOKEN)"/)
    expect(text).not.toMatch(/xox[bp]-/)
  })
})
