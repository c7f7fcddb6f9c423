/** The key the report lists the consumers' results of files loaded together under: their batches mix the files. */
export const togetherKey = "(the files together)"
