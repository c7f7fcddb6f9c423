import { Layer } from "effect"
import type { MissingSetting } from "../../services/errors.js"
import type { ScoresStream } from "../../services/RecordStream.js"
import type { ScoringBucket } from "../../services/ScoringBucket.js"
import type { VerdictQueue } from "../../services/VerdictQueue.js"
import { KinesisScoresStreamLive } from "./KinesisRecordStream.js"
import { S3ScoringBucketLive } from "./S3ScoringBucket.js"
import { SqsVerdictQueueLive } from "./SqsVerdictQueue.js"

/** Every AWS resource the workers use, on the real services (or the emulators AWS_ENDPOINT_URL points at). */
export const AwsLayer: Layer.Layer<ScoringBucket | ScoresStream | VerdictQueue, MissingSetting> = Layer.mergeAll(
  S3ScoringBucketLive,
  KinesisScoresStreamLive,
  SqsVerdictQueueLive
)
