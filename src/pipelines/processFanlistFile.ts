import { processUnder } from "./fileOutcome.js"
import { saveFanlistScores } from "./saveFanlistScores/saveFanlistScores.js"

/** A fanlist (`fanlist/scored/…`) through saveFanlistScores, from its start or from a checkpoint; any other key is skipped. */
export const processFanlistFile = processUnder("fanlist/scored/", "saveFanlistScores", (key, version, resume) =>
  saveFanlistScores(key, { ...(version === undefined ? {} : { version }), ...(resume === undefined ? {} : { resume }) })
)
