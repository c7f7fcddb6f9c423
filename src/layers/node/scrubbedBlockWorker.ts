import { parentPort } from "node:worker_threads"
import { decodeScrubbedBlock, type ScrubbedBlockJob } from "../../pipelines/loadScoresToStream/decodeScrubbedBlock.js"

/**
 * A worker thread of ScrubbedBlockWorkers: decodes each block it is sent and sends the
 * result back, its buffers moved rather than copied.
 */
parentPort!.on("message", (job: ScrubbedBlockJob) => {
  const decoded = decodeScrubbedBlock(job)
  const { fans } = decoded
  const buffers = [decoded.bytes, fans.high, fans.low, fans.lineStarts, fans.lines, fans.duplicate, fans.recordEnds, fans.records]
  parentPort!.postMessage(decoded, buffers.map((view) => view.buffer as ArrayBuffer))
})
