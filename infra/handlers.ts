/** The Lambda handler modules, each bundled on its own (infra/bundle.ts). */
export const handlerModules = {
  scrubbedFile: "scrubbedFileHandler",
  fanlistFile: "fanlistFileHandler",
  scoresToDynamoDB: "scoresToDynamoDBHandler",
  entryScoring: "entryScoringHandler",
  savedScores: "savedScoresHandler",
  verdictReporter: "verdictReporterHandler",
  campaignProxy: "campaignProxyHandler",
  driftCheck: "driftCheckHandler"
} as const

export type HandlerName = keyof typeof handlerModules

/** Modules a bundle needs beside its handler: the scrubbed files' one decodes scrubbed files on worker threads. */
export const extraEntries: Partial<Record<HandlerName, ReadonlyArray<string>>> = {
  scrubbedFile: ["src/layers/node/scrubbedBlockWorker.ts"]
}
