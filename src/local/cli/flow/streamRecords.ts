const text = new TextDecoder()

/** Stream records as the end state shows them: partition key, and data parsed back from JSON. */
export const recordsOf = (records: ReadonlyArray<{ readonly partitionKey: string; readonly data: Uint8Array }>) =>
  records.map(({ partitionKey, data }) => ({ partitionKey, data: JSON.parse(text.decode(data)) as unknown }))
