// "vf-scoring-workers/testing": what only tests and local runs need. The embedded stand-ins
// (DynamoDB Local, kinesis-mock, local-aws-sqs, s3rver) are dev dependencies of this package:
// a program that starts them installs them itself (README, "The local stack").
export { MemoryWorld, type MemoryWorldOptions } from "./layers/memory/MemoryWorld.js"
export { localAwsStack, type LocalAwsStack, type LocalAwsStackOptions } from "./layers/local/aws/localAwsStack.js"
export { bootstrapResources, stackResources, type BootstrappedResources, type StackResources } from "./layers/local/aws/bootstrapResources.js"
export { lookupResources } from "./layers/local/aws/lookupResources.js"
export { StackError } from "./layers/local/aws/stackCall.js"
export { StandInError } from "./layers/local/aws/StandIn.js"
export { campaignServiceStandIn, type StandInCampaign, type StandInCampaigns } from "./layers/local/CampaignServiceStandIn.js"
export { EntryBook, entryServiceStandIn, type EntryPost } from "./layers/local/EntryServiceStandIn.js"
export { slackStandIn, type SlackPost, type SlackStandInOptions } from "./layers/local/SlackStandIn.js"
export { objectCreatedEvent } from "./handlers/s3Event.js"
export { kinesisEventOf } from "./handlers/kinesisEvent.js"
export { dynamoStreamEventOf } from "./handlers/dynamoStreamEvent.js"
export { sqsEventOf } from "./handlers/sqsEvent.js"
