/** Generated scrubbed files for tests and benchmarks: see scrubbedPlan.ts for the options. */
export * from "./csvText.js"
export * from "./scrubbedPlan.js"
export { scrubbedFile, scrubbedFileChunks, scrubbedFileText } from "./scrubbedRows.js"
