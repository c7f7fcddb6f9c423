import { processUnder } from "./fileOutcome.js"
import { saveFanlistScores } from "./saveFanlistScores/saveFanlistScores.js"

/** A fanlist (`fanlist/scored/…`) through saveFanlistScores; any other key is skipped. */
export const processFanlistFile = processUnder("fanlist/scored/", "saveFanlistScores", (key, version) =>
  saveFanlistScores(key, version === undefined ? {} : { version })
)
