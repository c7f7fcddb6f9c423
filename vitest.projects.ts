/**
 * Which tests need the AWS stand-ins, in one place: vitest.config.ts runs these in the
 * `standins` project (with test/support/globalSetup.ts: DynamoDB Local on Java, kinesis-mock,
 * local-aws-sqs, s3rver, moto_server) and every other test in `unit` (nothing started, no Java).
 * Plain data, no vitest import: test/architecture/testProjects.test.ts reads it too, and fails
 * when a test outside this list reaches for a stand-in (inject(…), a stand-in helper of
 * test/support, a stand-in of src/local/standIns/aws, or the CLI in a mode that starts them).
 *
 * An entry ending in "/" takes every test under that folder; any other entry is one file.
 * A test needs to be listed when it
 * - calls inject("awsEndpoints" | "motoEndpoint" …), itself or through a helper
 *   (test/layers/aws/dynamoCountsSetup.ts, dynamoDemandTableSetup.ts, test/support/motoEndpoint.ts);
 * - uses test/support's helpers for the stand-ins (awsTestClients, awsTestConfig, demandTableFixture,
 *   kinesisTestStream, sqsTestQueue, ownResources, singleEndpoint, faults/faultProxy, standins/…);
 * - starts stand-ins itself (src/local/standIns/aws: dynamoStandIn needs Java);
 * - runs the CLI (bin/vf-workers.js) other than `run --in-memory`: plain `run` starts the
 *   stand-ins, `--endpoint`, `bootstrap` and `reconcile` need one.
 * In-process HTTP stand-ins (Campaign, Entry, Slack: src/local/standIns/*StandIn.ts) are plain
 * Node servers: their tests stay in `unit`.
 */
export const standInTests: ReadonlyArray<string> = [
  // The AWS layers against the stand-ins (inject("awsEndpoints"), most through dynamoCountsSetup / dynamoDemandTableSetup);
  // listed one by one: a test of the folder that fakes the SDK instead (dynamoCalls…) is a unit test.
  "test/layers/aws/DynamoCampaignCounts.calls.test.ts",
  "test/layers/aws/DynamoCampaignCounts.fans.test.ts",
  "test/layers/aws/DynamoCampaignCounts.test.ts",
  "test/layers/aws/DynamoDemandTable.calls.test.ts",
  "test/layers/aws/DynamoDemandTable.reads.test.ts",
  "test/layers/aws/DynamoDemandTableContract.test.ts",
  "test/layers/aws/DynamoReportLedger.test.ts",
  "test/layers/aws/DynamoRunProgress.test.ts",
  "test/layers/aws/DynamoRunProgressContract.test.ts",
  "test/layers/aws/DynamoTableLive.test.ts",
  "test/layers/aws/KinesisRecordStream.test.ts",
  "test/layers/aws/KinesisRecordStreamContract.test.ts",
  "test/layers/aws/S3ScoringBucket.test.ts",
  "test/layers/aws/SqsVerdictQueue.test.ts",
  "test/layers/aws/SqsVerdictQueueContract.test.ts",
  "test/layers/aws/loadScoresToStream.aws.test.ts",
  "test/layers/aws/processSavedScores.aws.test.ts",
  "test/layers/aws/reportersRacing.aws.test.ts",
  "test/layers/aws/s3WriteObject.test.ts",
  "test/layers/aws/saveFanlistScores.aws.test.ts",
  // The ports' contracts at moto (motoEndpoint()), each adapter on resources of its own.
  "test/layers/moto/",
  // The stand-ins' own tests: they start stand-ins of their own (DynamoDB Local on Java, kinesis-mock, s3rver, local-aws-sqs).
  "test/local/standIns/",
  "test/local/cli/flow/awsSide.test.ts",
  "test/local/cli/flow/startupRetries.test.ts",
  "test/local/cli/flow/tableStreamTail.test.ts",
  "test/local/cli/driftCheckStandIns.test.ts",
  "test/local/cli/embeddedStart.test.ts",
  "test/local/cli/killedRun.test.ts",
  "test/local/cli/reconcile.test.ts",
  "test/local/cli/reconcileUnreachable.test.ts",
  "test/local/cli/runInvocationsStandIns.test.ts",
  "test/local/cli/runModes.test.ts",
  "test/local/cli/runMoto.test.ts",
  "test/local/cli/runMotoReset.test.ts",
  "test/local/cli/runStandIns.test.ts",
  "test/local/cli/runTogetherStandIns.test.ts",
  "test/faults/flowUnderFaults.test.ts",
  "test/faults/proxy.test.ts",
  "test/infra/bundledLoader.aws.test.ts",
  "test/examples/verifiedFansCsv.s3.test.ts"
]

/** Every test file (as vitest's include). */
export const allTests = "test/**/*.test.ts"

/** The entries as vitest globs: a folder's tests, or the file itself. */
export const standInGlobs = standInTests.map((entry) => (entry.endsWith("/") ? `${entry}**/*.test.ts` : entry))

/** Whether a test file (its path from the project folder, with "/") runs in the `standins` project. */
export const isStandInTest = (path: string) => standInTests.some((entry) => (entry.endsWith("/") ? path.startsWith(entry) : path === entry))
