import { CfnOutput, CfnParameter, Stack, type StackProps } from "aws-cdk-lib"
import type * as lambda from "aws-cdk-lib/aws-lambda"
import * as secrets from "aws-cdk-lib/aws-secretsmanager"
import type { Construct } from "constructs"
import type { HandlerName } from "../handlers.js"
import { Alarms } from "./alarms.js"
import { Dashboard } from "./dashboard.js"
import { Data } from "./data.js"
import { DriftSchedule } from "./driftSchedule.js"
import { FailedBatches } from "./failedBatches.js"
import { dataQualityMaxInvalid, Functions } from "./functions.js"
import { Triggers } from "./triggers.js"

export interface VfScoringStackProps extends StackProps {
  /** Shards of each Kinesis stream; undefined: on-demand (context `streamShards`). */
  readonly streamShards?: number
  /** The step of the table's index upgrade (context `tableIndexUpgrade`: 1 or 2; Data's indexUpgradeStep). */
  readonly indexUpgradeStep?: 1 | 2
  /** Each handler's code: its bundle folder (infra/bundle.ts), or a stand-in in tests. */
  readonly code: (name: HandlerName) => lambda.Code
}

/**
 * The whole system of SPEC §1 in one stack. Deploy-time settings are CloudFormation
 * parameters; the two secrets are read by name from Secrets Manager by the functions at
 * start-up (their values are never in the template).
 */
export class VfScoringStack extends Stack {
  constructor(scope: Construct, id: string, props: VfScoringStackProps) {
    super(scope, id, props)
    const text = (name: string, description: string, fallback?: string) =>
      new CfnParameter(this, name, { type: "String", description, ...(fallback === undefined ? {} : { default: fallback }) }).valueAsString
    const secret = (name: string, description: string, fallback: string) =>
      secrets.Secret.fromSecretNameV2(this, `${name}Secret`, text(name, description, fallback))
    const settings = {
      slackChannel: text("SlackChannel", "Slack channel id or name of the verdict reports"),
      campaignServiceUrl: text("CampaignServiceUrl", "Base URL of the Campaign Service"),
      entryServiceUrl: text("EntryServiceUrl", "Base URL of the Entry Service"),
      slackToken: secret("SlackCredentialsName", "Secrets Manager name of the Slack bot token", "vf-scoring/slack-token"),
      serviceToken: secret("ServiceCredentialsName", "Secrets Manager name of the services' bearer token", "vf-scoring/service-token")
    }
    const data = new Data(this, "Data", { streamShards: props.streamShards, ...(props.indexUpgradeStep === undefined ? {} : { indexUpgradeStep: props.indexUpgradeStep }) })
    const functions = new Functions(this, "Functions", { data, settings, code: props.code })
    const failedBatches = new FailedBatches(this, "FailedBatches")
    const triggers = new Triggers(this, "Triggers", { data, functions, failedBatches })
    new DriftSchedule(this, "DriftSchedule", { driftCheck: functions.byName.driftCheck })
    // The loaders and their workers (the dimension of their EMF metrics).
    const loaders = { scrubbedFile: "loadScoresToStream", fanlistFile: "saveFanlistScores" } as const
    // What docs/OPERATIONS.md's commands need: names, URLs and ARNs of what was made.
    const output = (name: string, value: string) => new CfnOutput(this, name, { value })
    output("ScoringBucketName", data.bucket.bucketName)
    output("DemandTableName", data.table.tableName)
    output("ScoresStreamName", data.scoresStream.streamName)
    output("CampaignDataStreamName", data.campaignDataStream.streamName)
    output("VerdictQueueUrl", data.verdictQueue.queueUrl)
    output("VerdictDeadLettersArn", data.verdictDeadLetters.queueArn)
    output("FailedBatchesBucketName", failedBatches.bucket.bucketName)
    for (const [name, queue] of Object.entries(triggers.failureQueues)) output(`${name}Url`, queue.queueUrl)
    for (const [name, fn] of Object.entries(functions.byName)) output(`${name}FunctionName`, fn.functionName)
    const watched = {
      functions: functions.byName,
      streamConsumers: ["scoresToDynamoDB", "entryScoring", "savedScores"],
      verdictQueue: data.verdictQueue,
      deadLetterQueues: { VerdictDeadLetters: data.verdictDeadLetters, ...triggers.failureQueues }
    } as const
    const dataQuality = { workers: Object.values(loaders), maxInvalid: dataQualityMaxInvalid }
    const alarms = new Alarms(this, "Alarms", { ...watched, batchesKept: failedBatches.keptMetric(), dataQuality, loaders })
    new Dashboard(this, "Dashboard", { ...watched, dataQuality, alarms: alarms.all })
  }
}
