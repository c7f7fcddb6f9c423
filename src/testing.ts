// "vf-scoring-workers/testing": what tests of a program built on the package need, in memory:
// the whole world of AWS resources (MemoryWorld; each port's in-memory layer is on the root
// entry) and builders of the events the handlers take. It imports the package's runtime
// dependencies alone. The stand-ins that serve the real protocols on loopback ports are on
// "vf-scoring-workers/testing/stand-ins".
export { MemoryWorld, type MemoryWorldOptions } from "./local/memory/MemoryWorld.js"
export { objectCreatedEvent } from "./lambda/events/s3Event.js"
export { kinesisEventOf } from "./lambda/events/kinesisEvent.js"
export { dynamoStreamEventOf } from "./lambda/events/dynamoStreamEvent.js"
export { sqsEventOf } from "./lambda/events/sqsEvent.js"
// The counter and the reporter after a load, in memory: a pipeline's report tested end to end.
export { countAndReport, type CountedAndReported } from "./testing/countAndReport.js"
