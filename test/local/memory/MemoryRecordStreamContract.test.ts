import { layer } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { MemoryRecordStream } from "../../../src/local/memory/MemoryRecordStream.js"
import { ScoresStream } from "../../../src/services/RecordStream.js"
import { recordStreamContract } from "../../layers/contracts/recordStreamContract.js"

const stream = new MemoryRecordStream("scores", {}, 2)

layer(Layer.succeed(ScoresStream, stream))("MemoryRecordStream: the record stream's contract", (it) => {
  recordStreamContract(it, { held: { records: Effect.sync(() => stream.recordsFrom(0)) } })
})
