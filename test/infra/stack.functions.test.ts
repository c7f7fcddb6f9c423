import { markerCheckedChanges } from "../../src/pipelines/processSavedScores/countingPlan.js"
import { describe, expect, it } from "vitest"
import { actionsOf, functions, mappingOf, resources, sendsTo, statementsOf, template, workerNames } from "./stackTemplate.js"

describe("the CDK stack (infra/): functions, grants, mappings, alarms", () => {
  it("has the eight functions (the workers' seven and the drift check) on Node.js, arm64, with their memory and timeout", () => {
    expect(Object.keys(functions).sort()).toEqual([...workerNames].sort())
    const sizing = Object.fromEntries(Object.entries(functions).map(([name, { props }]) => [name, [props["MemorySize"], props["Timeout"]]]))
    expect(sizing).toEqual({
      scrubbedFile: [3538, 900],
      fanlistFile: [1769, 900],
      scoresToDynamoDB: [1024, 300],
      entryScoring: [512, 300],
      savedScores: [512, 60],
      verdictReporter: [512, 60],
      campaignProxy: [256, 10],
      driftCheck: [1769, 900]
    })
    for (const { props } of Object.values(functions)) {
      expect(props).toMatchObject({ Runtime: "nodejs24.x", Architectures: ["arm64"], Handler: "index.handler" })
    }
  })

  it("gives each function the settings of SPEC §2 its worker reads, secrets only as Secrets Manager ARNs", () => {
    const keys = Object.fromEntries(Object.entries(functions).map(([name, { props }]) => [name, Object.keys(props["Environment"]["Variables"]).sort()]))
    expect(keys).toEqual({
      scrubbedFile: ["DATA_QUALITY_MAX_INVALID", "SCORES_STREAM", "SCORING_BUCKET", "VERDICT_QUEUE_URL"],
      fanlistFile: ["CAMPAIGN_DATA_STREAM", "DATA_QUALITY_MAX_INVALID", "DEMAND_TABLE", "SCORING_BUCKET", "VERDICT_QUEUE_URL"],
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
      campaignProxy: ["CAMPAIGN_SERVICE_URL", "SERVICE_TOKEN_SECRET_ARN"],
      driftCheck: ["DEMAND_TABLE"]
    })
    const parameters = template.toJSON().Parameters as Record<string, { Default?: string }>
    expect(parameters["SlackCredentialsName"]?.Default).toBe("vf-scoring/slack-token")
    expect(parameters["ServiceCredentialsName"]?.Default).toBe("vf-scoring/service-token")
  })

  it("grants each function only what its worker does", () => {
    // s3: of a stream consumer is only its mapping's on-failure destination, the failed-batches bucket (stack.failures.test.ts)
    const keepsFailedBatches = (name: string, prefix: string) =>
      statementsOf(name)
        .filter((statement) => [statement.Action].flat().some((action) => action.startsWith(prefix)))
        .every((statement) => JSON.stringify(statement.Resource).includes('"FailedBatchesBucket'))
    const has = (name: string, prefix: string) => actionsOf(name).some((action) => action.startsWith(prefix))
    const services = (name: string) => [
      ...["s3:", "dynamodb:", "kinesis:", "secretsmanager:"].filter((prefix) => has(name, prefix) && !keepsFailedBatches(name, prefix)),
      ...(sendsTo(name, "DataVerdictQueue") ? ["verdict queue"] : []),
      ...(sendsTo(name, "Triggers") ? ["its failure queue"] : [])
    ]
    // kinesis: and dynamodb: of a stream consumer include reading its stream (the mapping's grant);
    // a loader's failure queue is its asynchronous invocations' on-failure destination
    expect(Object.fromEntries(workerNames.map((name) => [name, services(name)]))).toEqual({
      scrubbedFile: ["s3:", "kinesis:", "verdict queue", "its failure queue"],
      fanlistFile: ["s3:", "dynamodb:", "kinesis:", "verdict queue", "its failure queue"],
      scoresToDynamoDB: ["dynamodb:", "kinesis:"],
      entryScoring: ["kinesis:", "secretsmanager:"],
      savedScores: ["dynamodb:"],
      verdictReporter: ["dynamodb:", "secretsmanager:", "verdict queue"],
      campaignProxy: ["secretsmanager:"],
      driftCheck: ["dynamodb:"]
    })
    // The loaders write to the bucket only under rejects/ (SPEC §12): a put and the abort of a multipart upload.
    for (const loader of ["scrubbedFile", "fanlistFile"]) {
      const writes = statementsOf(loader).filter((statement) => [statement.Action].flat().some((action) => action.startsWith("s3:Put")))
      expect(writes.flatMap((statement) => [statement.Action].flat())).toEqual(expect.arrayContaining(["s3:PutObject", "s3:Abort*"]))
      expect(writes.map((statement) => JSON.stringify(statement.Resource))).toEqual([expect.stringContaining('"/rejects/*"')])
      expect(JSON.stringify(writes)).not.toMatch(/scrubbed|fanlist/)
    }
    for (const other of workerNames.filter((name) => name !== "scrubbedFile" && name !== "fanlistFile")) {
      const onScoringBucket = statementsOf(other).filter((statement) => !JSON.stringify(statement.Resource).includes('"FailedBatchesBucket'))
      expect(onScoringBucket.flatMap((statement) => [statement.Action].flat()).filter((action) => action.startsWith("s3:Put"))).toEqual([])
    }
    const objectsRead = (name: string) => JSON.stringify(statementsOf(name).filter((statement) => [statement.Action].flat().includes("s3:GetObject*")).map((statement) => statement.Resource))
    expect(objectsRead("scrubbedFile")).toContain("/scrubbed/*")
    expect(objectsRead("fanlistFile")).toContain("/fanlist/scored/*")
    expect(actionsOf("scrubbedFile").filter((action) => action.startsWith("kinesis:"))).toContain("kinesis:PutRecords")
    template.hasResourceProperties("AWS::Lambda::Permission", { Principal: "appsync.amazonaws.com", FunctionName: { "Fn::GetAtt": [functions["campaignProxy"]!.id, "Arn"] } })
  })

  it("feeds the stream consumers with reported item failures, bisection, bounded retries and age, and a bucket for the batches given up", () => {
    for (const name of ["scoresToDynamoDB", "entryScoring", "savedScores"]) {
      expect(mappingOf(name)).toMatchObject({
        FunctionResponseTypes: ["ReportBatchItemFailures"],
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: 8,
        MaximumRecordAgeInSeconds: 21_600,
        StartingPosition: "TRIM_HORIZON",
        DestinationConfig: { OnFailure: { Destination: { "Fn::GetAtt": [expect.stringMatching(/^FailedBatchesBucket/), "Arn"] } } }
      })
    }
    expect(mappingOf("scoresToDynamoDB")).toMatchObject({ BatchSize: 500, MaximumBatchingWindowInSeconds: 5, ParallelizationFactor: 1 })
    // The counter's events name their shard (a tumbling window); a batch is never bigger than the changes whose markers a shard's first deliveries look at.
    expect(mappingOf("savedScores")).toMatchObject({ BatchSize: 1_000, MaximumBatchingWindowInSeconds: 2, TumblingWindowInSeconds: 900, ParallelizationFactor: 1 })
    expect(mappingOf("savedScores")["BatchSize"]).toBeLessThanOrEqual(markerCheckedChanges)
    expect(mappingOf("verdictReporter")).toMatchObject({ BatchSize: 10, FunctionResponseTypes: ["ReportBatchItemFailures"] })
  })

  it("never invokes processSavedScores for meta: items (a filter on the table's stream)", () => {
    const filters = (mappingOf("savedScores")["FilterCriteria"] as { Filters: Array<{ Pattern: string }> }).Filters
    expect(filters.map((filter) => JSON.parse(filter.Pattern))).toEqual([
      { dynamodb: { Keys: { PK: { S: [{ prefix: "fan:" }, { prefix: "sid:" }, { prefix: "email:" }] }, SK: { S: [{ prefix: "campaign:" }] } } } }
    ])
  })

  it("alarms on iterator age over an hour, error rate over 5%, a verdict message older than 15 minutes, anything in a dead-letter queue, a file over 5% invalid", () => {
    const alarms = Object.values(resources).filter((r) => r.Type === "AWS::CloudWatch::Alarm").map((r) => r.Properties)
    const iteratorAge = alarms.filter((a) => a["MetricName"] === "IteratorAge")
    expect(iteratorAge.map((a) => [a["Threshold"], a["Statistic"]])).toEqual(Array(3).fill([3_600_000, "Maximum"]))
    const errorRates = alarms.filter((a) => JSON.stringify(a["Metrics"] ?? "").includes("100 * errors"))
    expect(errorRates.map((a) => a["Threshold"])).toEqual(Array(8).fill(5))
    expect(alarms.filter((a) => a["MetricName"] === "ApproximateAgeOfOldestMessage").map((a) => a["Threshold"])).toEqual([900])
    const deadLetters = alarms.filter((a) => a["MetricName"] === "ApproximateNumberOfMessagesVisible")
    // The verdict dead letters and the loaders' two failure queues (the stream consumers keep their batches in a bucket: stack.failures.test.ts).
    expect(deadLetters.map((a) => [a["Threshold"], a["ComparisonOperator"]])).toEqual(Array(3).fill([0, "GreaterThanThreshold"]))
    // The loaders' EMF metric (SPEC §12), at the threshold their DATA_QUALITY_MAX_INVALID says.
    const invalidShare = alarms.filter((a) => a["MetricName"] === "InvalidShare")
    expect(invalidShare.map((a) => [a["Namespace"], a["Dimensions"], a["Statistic"], a["Threshold"], a["ComparisonOperator"]])).toEqual(
      ["loadScoresToStream", "saveFanlistScores"].map((worker) => ["VerifiedFan/Workers", [{ Name: "worker", Value: worker }], "Maximum", 0.05, "GreaterThanThreshold"])
    )
    expect(functions["scrubbedFile"]!.props["Environment"]["Variables"]["DATA_QUALITY_MAX_INVALID"]).toBe("0.05")
  })

  it("keeps each function's logs a month", () => {
    template.resourcePropertiesCountIs("AWS::Logs::LogGroup", { RetentionInDays: 30 }, 8)
    for (const { props } of Object.values(functions)) expect(props["LoggingConfig"]).toMatchObject({ LogGroup: { Ref: expect.stringMatching(/Logs/) } })
  })

})
