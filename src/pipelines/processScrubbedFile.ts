import { processUnder } from "./run/fileOutcome.js"
import { checkpointOf } from "./run/loadCheckpoint.js"
import { loadScoresToStream } from "./loadScoresToStream/loadScoresToStream.js"

/** A scrubbed file (`scrubbed/…`) through loadScoresToStream, from its start or from a checkpoint; any other key is skipped. */
export const processScrubbedFile = processUnder("scrubbed/", "loadScoresToStream", (key, version, checkpoint) => {
  const resume = checkpointOf("ScrubbedCheckpoint", checkpoint)
  return loadScoresToStream(key, { ...(version === undefined ? {} : { version }), ...(resume === undefined ? {} : { resume }) })
})
