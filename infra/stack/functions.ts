import { Duration } from "aws-cdk-lib"
import * as iam from "aws-cdk-lib/aws-iam"
import * as lambda from "aws-cdk-lib/aws-lambda"
import * as logs from "aws-cdk-lib/aws-logs"
import type * as secrets from "aws-cdk-lib/aws-secretsmanager"
import { Construct } from "constructs"
import type { HandlerName } from "../handlers.js"
import type { Data } from "./data.js"
import { secretArnSetting, settingNames } from "../../src/services/settingNames.js"

/** What the functions are configured with at deploy time (CloudFormation parameters, or values). */
export interface FunctionSettings {
  readonly slackChannel: string
  readonly campaignServiceUrl: string
  readonly entryServiceUrl: string
  readonly slackToken: secrets.ISecret
  readonly serviceToken: secrets.ISecret
}

export interface FunctionsProps {
  readonly data: Data
  readonly settings: FunctionSettings
  /** Each handler's code (its bundle folder, or a stand-in in tests). */
  readonly code: (name: HandlerName) => lambda.Code
}

/** DATA_QUALITY_MAX_INVALID of the loaders, and the threshold of their InvalidShare alarm (SPEC §12). */
export const dataQualityMaxInvalid = 0.05

interface Sizing {
  readonly memoryMB: number
  readonly timeout: Duration
}

/**
 * Memory and timeout per worker. The scrubbed loader has 3,538 MB: two vCPUs of time, so it
 * decodes on worker threads (~1.8× the rate of one) and a 3.5M-row file ends in minutes;
 * the S3 loaders may take 15 minutes (Lambda's most). Stream consumers have 5 minutes for
 * a batch (DynamoDB retries, the Entry Service's backoff); the reporter 1 minute (its
 * queue's visibility is six times that); the resolver is answered in seconds (AppSync
 * waits 30 s at most). The daily drift check recounts every campaign changed the day
 * before from the byCampaign index: a fanlist loader's size and Lambda's 15 minutes.
 */
const sizing: Record<HandlerName, Sizing> = {
  scrubbedFile: { memoryMB: 3538, timeout: Duration.minutes(15) },
  fanlistFile: { memoryMB: 1769, timeout: Duration.minutes(15) },
  scoresToDynamoDB: { memoryMB: 1024, timeout: Duration.minutes(5) },
  entryScoring: { memoryMB: 512, timeout: Duration.minutes(5) },
  savedScores: { memoryMB: 512, timeout: Duration.minutes(1) },
  verdictReporter: { memoryMB: 512, timeout: Duration.minutes(1) },
  campaignProxy: { memoryMB: 256, timeout: Duration.seconds(10) },
  driftCheck: { memoryMB: 1769, timeout: Duration.minutes(15) }
}

/**
 * The workers' seven functions (SPEC §1) and the daily drift check (SPEC §13), each with only
 * the settings and grants it uses.
 */
export class Functions extends Construct {
  readonly byName: Record<HandlerName, lambda.Function>

  constructor(scope: Construct, id: string, { data, settings, code }: FunctionsProps) {
    super(scope, id)
    const make = (name: HandlerName, environment: Record<string, string>) => {
      const logGroup = new logs.LogGroup(this, `${name}Logs`, { retention: logs.RetentionDays.ONE_MONTH })
      return new lambda.Function(this, name, {
        runtime: lambda.Runtime.NODEJS_24_X, // nodejs20.x is deprecated (2026-04-30); the bundles target node24
        architecture: lambda.Architecture.ARM_64,
        handler: "index.handler",
        code: code(name),
        memorySize: sizing[name].memoryMB,
        timeout: sizing[name].timeout,
        logGroup,
        environment
      })
    }
    const bucket = { [settingNames.scoringBucket]: data.bucket.bucketName }
    const table = { [settingNames.demandTable]: data.table.tableName }
    const queue = { [settingNames.verdictQueueUrl]: data.verdictQueue.queueUrl }
    const quality = { [settingNames.dataQualityMaxInvalid]: String(dataQualityMaxInvalid) }
    const campaignService = { [settingNames.campaignServiceUrl]: settings.campaignServiceUrl, [secretArnSetting(settingNames.serviceToken)]: settings.serviceToken.secretArn }
    const byName: Record<HandlerName, lambda.Function> = {
      scrubbedFile: make("scrubbedFile", { ...bucket, [settingNames.scoresStream]: data.scoresStream.streamName, ...queue, ...quality }),
      fanlistFile: make("fanlistFile", { ...bucket, ...table, [settingNames.campaignDataStream]: data.campaignDataStream.streamName, ...queue, ...quality }),
      scoresToDynamoDB: make("scoresToDynamoDB", table),
      entryScoring: make("entryScoring", { ...campaignService, [settingNames.entryServiceUrl]: settings.entryServiceUrl }),
      savedScores: make("savedScores", table),
      verdictReporter: make("verdictReporter", {
        ...table,
        ...queue,
        ...campaignService,
        [settingNames.slackChannel]: settings.slackChannel,
        [secretArnSetting(settingNames.slackToken)]: settings.slackToken.secretArn,
        [settingNames.verdictSettleSeconds]: "30",
        [settingNames.verdictMaxAttempts]: "20"
      }),
      campaignProxy: make("campaignProxy", campaignService),
      driftCheck: make("driftCheck", table)
    }
    data.bucket.grantRead(byName.scrubbedFile, "scrubbed/*")
    // The loaders write their rejects files (SPEC §12), and nothing else of the bucket.
    for (const loader of [byName.scrubbedFile, byName.fanlistFile]) data.bucket.grantPut(loader, "rejects/*")
    data.scoresStream.grantWrite(byName.scrubbedFile)
    data.verdictQueue.grantSendMessages(byName.scrubbedFile)
    data.bucket.grantRead(byName.fanlistFile, "fanlist/scored/*")
    data.table.grantReadWriteData(byName.fanlistFile)
    data.campaignDataStream.grantWrite(byName.fanlistFile)
    data.verdictQueue.grantSendMessages(byName.fanlistFile)
    data.table.grantReadWriteData(byName.scoresToDynamoDB)
    data.table.grantReadWriteData(byName.savedScores)
    data.table.grantReadWriteData(byName.verdictReporter)
    // The drift check reads the indexes (byChangeDay, byCampaign) and the counts; it writes only
    // when its event asks for a repair ({"repair": true}), never on its daily schedule.
    data.table.grantReadWriteData(byName.driftCheck)
    data.verdictQueue.grantSendMessages(byName.verdictReporter)
    settings.slackToken.grantRead(byName.verdictReporter)
    for (const name of ["entryScoring", "verdictReporter", "campaignProxy"] as const) settings.serviceToken.grantRead(byName[name])
    // A load too long for one invocation continues in a new one: the loader invokes itself,
    // asynchronously (its continuation). In a policy of its own: the function depends on its role's
    // default policy, so its own ARN there would be a circular dependency.
    for (const name of ["scrubbedFile", "fanlistFile"] as const) {
      const fn = byName[name]
      new iam.Policy(this, `${name}Continues`, {
        roles: [fn.role!],
        statements: [new iam.PolicyStatement({ actions: ["lambda:InvokeFunction"], resources: [fn.functionArn] })]
      })
    }
    this.byName = byName
  }
}
