/**
 * The stream stages the workers are made of (SPEC §11), each usable on its own: a stage
 * is a function from a Stream to a Stream (use it with `.pipe`), a sink ends a stream
 * with what it came to. Each owns its state for one run of its stream.
 */
// CSV bytes → records, or → blocks of whole records (for the typed-array decoders and worker threads).
export { csvRecords, type CsvRecord } from "./pipelines/csv/csvStream.js"
export { csvBlocks, type CsvBlock, defaultBlockBytes } from "./pipelines/csv/csvBlocks.js"
// Rows decoded with a Schema: rows and their refusals; refusals counted; rows de-duplicated over the whole file.
export { decodeCsvRows, type DecodeRowsOptions, type LineRow } from "./pipelines/rows/decodeCsvRows.js"
export { compileRowDecoder, compileRowReader, type RowReader } from "./pipelines/rows/rowDecoder.js"
export { dedupeByKey, type Deduplicated, dropRefused } from "./pipelines/rows/refusedRows.js"
export { countRows, type RowsDecided, type RowTally, tallyRows } from "./pipelines/rows/tallyRows.js"
export { DuplicateRow, InvalidRow, type RejectedRow } from "./pipelines/rows/rowErrors.js"
export { ErrorList, type LineError, maxKeptErrors } from "./pipelines/rows/errorList.js"
export { FanlistDedupe } from "./pipelines/saveFanlistScores/FanlistDedupe.js"
// The scrubbed file: blocks decoded (header per run), a fan's contiguous rows combined by rank into one record.
export { decodeScrubbedBlocks } from "./pipelines/loadScoresToStream/decodeScrubbedBlocks.js"
export type { DecodedBlock } from "./pipelines/loadScoresToStream/decodeScrubbedBlock.js"
export { type FanLine, type MergedBlock, mergeFans } from "./pipelines/loadScoresToStream/mergeFans.js"
// A merged record as the plain, typed fan record (its JSON is the stream's, not to be parsed back by hand).
export { fanRecordOf } from "./pipelines/loadScoresToStream/fanRecordOf.js"
export type { ScrubbedFile } from "./pipelines/loadScoresToStream/scrubbedFile.js"
// Records bound for a stream: batched under count and byte limits, delivered, their deliveries tallied.
export { Outbound, outbound, putRecordsLimits, RecordBatcher } from "./pipelines/delivery/recordBatches.js"
export { batchRecords } from "./pipelines/delivery/batchRecords.js"
export { type Delivery, deliverBatch, defaultPutRetry, type Undelivered } from "./pipelines/delivery/deliverRecords.js"
export { deliverBatches, type DeliveryOptions, type DeliveryTally, deliveryTally } from "./pipelines/delivery/deliverySink.js"
export { putEndOfFileMarks } from "./pipelines/delivery/endOfFileMarks.js"
export { fileRun } from "./pipelines/run/fileRun.js"
