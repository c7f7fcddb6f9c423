import { Layer } from "effect"
import type { MissingSetting } from "../../services/errors.js"
import type { CampaignDataStream, ScoresStream } from "../../services/RecordStream.js"
import type { ScoringBucket } from "../../services/ScoringBucket.js"
import type { VerdictQueue } from "../../services/VerdictQueue.js"
import { KinesisCampaignDataStreamLive, KinesisScoresStreamLive } from "./KinesisRecordStream.js"
import { S3ScoringBucketLive } from "./S3ScoringBucket.js"
import { SqsVerdictQueueLive } from "./SqsVerdictQueue.js"
import { DynamoDemandTableLive } from "./DynamoDemandTable.js"
import type { DemandTable } from "../../services/DemandTable.js"
import type { RunProgress } from "../../services/RunProgress.js"
import { DynamoRunProgressLive } from "./DynamoRunProgress.js"

/** Every AWS resource the workers use, on the real services (or the emulators AWS_ENDPOINT_URL points at). */
export const AwsLayer: Layer.Layer<
  ScoringBucket | ScoresStream | CampaignDataStream | VerdictQueue | DemandTable | RunProgress,
  MissingSetting
> = Layer.mergeAll(
  S3ScoringBucketLive,
  KinesisScoresStreamLive,
  KinesisCampaignDataStreamLive,
  DynamoDemandTableLive,
  DynamoRunProgressLive,
  SqsVerdictQueueLive
)
