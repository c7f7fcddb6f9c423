import { layer } from "@effect/vitest"
import { Effect } from "effect"
import { inject } from "vitest"
import { verdictQueueContract } from "../contracts/verdictQueueContract.js"
import { QueueReader, sqsQueueOfOwn } from "./sqsPortSetup.js"

layer(sqsQueueOfOwn(() => inject("awsEndpoints").sqs), { excludeTestServices: true })("SqsVerdictQueue on local-aws-sqs: the verdict queue's contract", (it) => {
  verdictQueueContract(it, { receiveNow: Effect.flatten(QueueReader), pass: (millis) => Effect.sleep(millis) })
})
