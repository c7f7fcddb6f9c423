import { processScoringFile } from "../pipelines/processScoringFile.js"
import { handleBucketEvent } from "./scoringBucketEvent.js"

/**
 * Decodes an S3 notification and runs each object's worker (by its prefix), one file after
 * the other. Apart from the Lambda handler (scoringBucketHandler), whose module builds the
 * live AWS layers: a program that takes S3 notifications itself provides its own.
 */
export const handleScoringBucketEvent = (event: unknown) => handleBucketEvent(event, processScoringFile)
