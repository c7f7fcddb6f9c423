/**
 * The stream stages the workers are made of (SPEC §11), each usable on its own: a stage
 * is a function from a Stream to a Stream (use it with `.pipe`), a sink ends a stream
 * with what it came to. Each owns its state for one run of its stream.
 */
// CSV bytes → records, or → blocks of whole records (for the typed-array decoders and worker threads).
export { csvRecords, type CsvRecord } from "./pipelines/shared/csvStream.js"
export { csvBlocks, type CsvBlock, defaultBlockBytes } from "./pipelines/shared/csvBlocks.js"
// Rows decoded with a Schema: rows and their refusals; refusals counted; rows de-duplicated over the whole file.
export { decodeCsvRows, type DecodeRowsOptions, type LineRow } from "./pipelines/shared/decodeCsvRows.js"
export { compileRowDecoder, compileRowReader, type RowReader } from "./pipelines/shared/rowDecoder.js"
export { dedupeByKey, type Deduplicated, dropRefused } from "./pipelines/shared/refusedRows.js"
export { countRows, type RowsDecided, type RowTally, tallyRows } from "./pipelines/shared/tallyRows.js"
export { DuplicateRow, InvalidRow, type RejectedRow } from "./pipelines/shared/rowErrors.js"
export { ErrorList, type LineError, maxKeptErrors } from "./pipelines/shared/errorList.js"
export { FanlistDedupe } from "./pipelines/saveFanlistScores/FanlistDedupe.js"
// The scrubbed file: blocks decoded (header per run), a fan's contiguous rows combined by rank into one record.
export { decodeScrubbedBlocks } from "./pipelines/loadScoresToStream/decodeScrubbedBlocks.js"
export type { DecodedBlock } from "./pipelines/loadScoresToStream/decodeScrubbedBlock.js"
export { type FanLine, type MergedBlock, mergeFans } from "./pipelines/loadScoresToStream/mergeFans.js"
// A merged record as the plain, typed fan record (its JSON is the stream's, not to be parsed back by hand).
export { fanRecordOf } from "./pipelines/loadScoresToStream/fanRecordOf.js"
export type { ScrubbedFile } from "./pipelines/loadScoresToStream/scrubbedFile.js"
// Records bound for a stream: batched under count and byte limits, delivered, their deliveries tallied.
export { Outbound, outbound, putRecordsLimits, RecordBatcher } from "./pipelines/shared/recordBatches.js"
export { batchRecords } from "./pipelines/shared/batchRecords.js"
export { type Delivery, deliverBatch, defaultPutRetry, type Undelivered } from "./pipelines/shared/deliverRecords.js"
export { deliverBatches, type DeliveryOptions, type DeliveryTally, deliveryTally } from "./pipelines/shared/deliverySink.js"
export { putEndOfFileMarks } from "./pipelines/shared/endOfFileMarks.js"
export { fileRun } from "./pipelines/shared/fileRun.js"
