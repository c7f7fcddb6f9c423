import { layer } from "@effect/vitest"
import { Effect } from "effect"
import { motoEndpoint } from "../../support/motoEndpoint.js"
import { kinesisStreamOfOwn, StreamRecords } from "../aws/kinesisPortSetup.js"
import { recordStreamContract } from "../contracts/recordStreamContract.js"

layer(kinesisStreamOfOwn(motoEndpoint), { excludeTestServices: true })("KinesisRecordStream at moto: the record stream's contract", (it) => {
  recordStreamContract(it, { held: { records: Effect.flatten(StreamRecords) } })
})
