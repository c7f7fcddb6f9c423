import { layer } from "@effect/vitest"
import { Effect } from "effect"
import { QueueReader, sqsQueueOfOwn } from "../aws/sqsPortSetup.js"
import { verdictQueueContract } from "../contracts/verdictQueueContract.js"
import { atMoto, needsMoto } from "./motoBackEnd.js"

layer(atMoto(sqsQueueOfOwn), { excludeTestServices: true })("SqsVerdictQueue at moto: the verdict queue's contract", (it) => {
  verdictQueueContract(needsMoto(it), { receiveNow: Effect.flatten(QueueReader), pass: (millis) => Effect.sleep(millis) })
})
