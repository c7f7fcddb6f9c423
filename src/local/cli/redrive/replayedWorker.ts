import { Either } from "effect"
import type { KeptBatch } from "./keptBatch.js"

/** The stream consumers, whose mappings keep the batches they give up on (named as infra/handlers.ts names their functions). */
export type StreamConsumer = "scoresToDynamoDB" | "entryScoring" | "savedScores"

/** Each consumer, by the stream it reads: the table's stream has one, the scores stream two. */
const consumersOf: Record<KeptBatch["source"], ReadonlyArray<StreamConsumer>> = {
  Kinesis: ["scoresToDynamoDB", "entryScoring"],
  "DynamoDB stream": ["savedScores"]
}

/** The function's name in its ARN (`arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]`). */
const functionNameOf = (arn: string) => arn.split(":")[6] ?? arn

/**
 * Which worker gave up on the batch: the consumer of its stream the function's name names
 * (CloudFormation names the stack's functions `<stack>-Functions<handler name><hash>-<suffix>`);
 * the table's stream has only the counter, so its batches need no name.
 */
export const replayedWorker = (kept: KeptBatch): Either.Either<StreamConsumer, string> => {
  const name = functionNameOf(kept.functionArn)
  const candidates = consumersOf[kept.source]
  const named = candidates.filter((consumer) => name.toLowerCase().includes(consumer.toLowerCase()))
  if (named.length === 1) return Either.right(named[0]!)
  if (candidates.length === 1) return Either.right(candidates[0]!)
  return Either.left(`function ${name} is none of ${candidates.join(", ")}, the consumers of a ${kept.source} batch`)
}

/**
 * The event to invoke the worker with again. The counter's kept batch goes without the
 * shard its tumbling window named: once Lambda gave up on the batch, the shard's position
 * moved past it, so counted by that position its changes would all pass for counted
 * already; unnamed, each change is counted with its marker (countingPlan.ts), once
 * however often the batch is replayed. The scores stream's batches go as they were.
 */
export const replayEventOf = (worker: StreamConsumer, kept: KeptBatch): unknown =>
  worker === "savedScores" ? { Records: kept.event.Records } : kept.event
