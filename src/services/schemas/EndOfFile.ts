import { Schema } from "effect"

/**
 * The mark a load puts on every shard of the scores stream after the file's last fan
 * record: a consumer that reaches it on a shard has passed every record of that load
 * on that shard (records of a shard keep their order). Not a fan record.
 */
export const EndOfFile = Schema.Struct({
  __control: Schema.Literal("endOfFile"),
  campaignId: Schema.String,
  /** The run (file version) the load belongs to. */
  run: Schema.String,
  /** This load of the run (a retry of the load is another). */
  loadId: Schema.String
})
export type EndOfFile = typeof EndOfFile.Type

/** The name of the field that tells a control record from a fan record. */
export const controlField = "__control"

/** The JSON of a mark. */
export const endOfFileJson = (mark: Omit<EndOfFile, "__control">) =>
  JSON.stringify({ __control: "endOfFile", campaignId: mark.campaignId, run: mark.run, loadId: mark.loadId })

/** How a mark is named in the run's progress: its load and the shard it was met on. */
export const markName = (loadId: string, shardId: string) => `${loadId}/${shardId}`

const markPrefix = Buffer.from(`{"${controlField}":`)

/** Is this record's data a mark (as endOfFileJson writes them)? Read without parsing the record. */
export const isEndOfFileData = (data: Uint8Array) =>
  data.length >= markPrefix.length && Buffer.from(data.buffer, data.byteOffset, markPrefix.length).equals(markPrefix)
