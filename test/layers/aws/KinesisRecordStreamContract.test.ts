import { layer } from "@effect/vitest"
import { Effect } from "effect"
import { inject } from "vitest"
import { recordStreamContract } from "../contracts/recordStreamContract.js"
import { kinesisStreamOfOwn, StreamRecords } from "./kinesisPortSetup.js"

layer(kinesisStreamOfOwn(() => inject("awsEndpoints").kinesis), { excludeTestServices: true })("KinesisRecordStream on kinesis-mock: the record stream's contract", (it) => {
  recordStreamContract(it, { held: { records: Effect.flatten(StreamRecords) } })
})
