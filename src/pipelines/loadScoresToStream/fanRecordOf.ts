import { Schema } from "effect"
import { FanRecord } from "../../services/schemas/FanRecord.js"
import type { Outbound } from "../delivery/recordBatches.js"
import type { FanLine } from "./FanMerger.js"

const decodeFanRecord = Schema.decodeUnknownSync(Schema.parseJson(FanRecord))

/**
 * The plain fan record of one of mergeFans's records (SPEC §3.1), typed and checked
 * against the FanRecord schema: what a stage after mergeFans reads instead of the record's
 * JSON. The record itself is left as it is (still to be batched and sent).
 */
export const fanRecordOf = (record: Outbound<FanLine>): FanRecord => decodeFanRecord(record.text)
