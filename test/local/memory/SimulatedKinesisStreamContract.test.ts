import { layer } from "@effect/vitest"
import { Effect } from "effect"
import { SimulatedKinesisStream } from "../../../src/local/memory/SimulatedKinesisStream.js"
import { recordStreamContract } from "../../layers/contracts/recordStreamContract.js"

/** The simulated stream keeps counts, not records: what it holds is what each shard took. */
const stream = new SimulatedKinesisStream("scores", 2)

layer(stream.layer)("SimulatedKinesisStream: the record stream's contract", (it) => {
  recordStreamContract(it, { held: { countsPerShard: Effect.sync(() => Object.fromEntries(stream.shards.map((shard) => [shard.id, shard.accepted]))) } })
})
