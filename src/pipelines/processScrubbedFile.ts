import { processUnder } from "./fileOutcome.js"
import { loadScoresToStream } from "./loadScoresToStream/loadScoresToStream.js"

/** A scrubbed file (`scrubbed/…`) through loadScoresToStream; any other key is skipped. */
export const processScrubbedFile = processUnder("scrubbed/", "loadScoresToStream", (key, version) =>
  loadScoresToStream(key, version === undefined ? {} : { version })
)
