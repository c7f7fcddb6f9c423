import { processUnder } from "./run/fileOutcome.js"
import { checkpointOf } from "./run/loadCheckpoint.js"
import { saveFanlistScores } from "./saveFanlistScores/saveFanlistScores.js"

/** A fanlist (`fanlist/scored/…`) through saveFanlistScores, from its start or from a checkpoint; any other key is skipped. */
export const processFanlistFile = processUnder("fanlist/scored/", "saveFanlistScores", (key, version, checkpoint) => {
  const resume = checkpointOf("FanlistCheckpoint", checkpoint)
  return saveFanlistScores(key, { ...(version === undefined ? {} : { version }), ...(resume === undefined ? {} : { resume }) })
})
