import { layer } from "@effect/vitest"
import { Effect } from "effect"
import { kinesisStreamOfOwn, StreamRecords } from "../aws/kinesisPortSetup.js"
import { recordStreamContract } from "../contracts/recordStreamContract.js"
import { atMoto, needsMoto } from "./motoBackEnd.js"

layer(atMoto(kinesisStreamOfOwn), { excludeTestServices: true })("KinesisRecordStream at moto: the record stream's contract", (it) => {
  recordStreamContract(needsMoto(it), { held: { records: Effect.flatten(StreamRecords) } })
})
