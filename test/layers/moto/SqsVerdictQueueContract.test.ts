import { layer } from "@effect/vitest"
import { Effect } from "effect"
import { motoEndpoint } from "../../support/motoEndpoint.js"
import { QueueReader, sqsQueueOfOwn } from "../aws/sqsPortSetup.js"
import { verdictQueueContract } from "../contracts/verdictQueueContract.js"

layer(sqsQueueOfOwn(motoEndpoint), { excludeTestServices: true })("SqsVerdictQueue at moto: the verdict queue's contract", (it) => {
  verdictQueueContract(it, { receiveNow: Effect.flatten(QueueReader), pass: (millis) => Effect.sleep(millis) })
})
