import { ListBucketsCommand } from "@aws-sdk/client-s3"
import { CreateQueueCommand } from "@aws-sdk/client-sqs"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { portAttempts } from "../../../src/local/standIns/aws/portConflictRetry.js"
import { s3StandIn } from "../../../src/local/standIns/aws/s3StandIn.js"
import { sqsStandIn } from "../../../src/local/standIns/aws/sqsStandIn.js"
import { call, testS3Client, testSqsClient } from "../../support/awsTestClients.js"
import { freeOnly, takenAt, takenPort } from "../../support/standins/takenPorts.js"

const portOf = (endpoint: string) => Number(new URL(endpoint).port)

describe("stand-ins in this process, when a port is taken", () => {
  it.live("local-aws-sqs listens again on a fresh port when the one it chose is taken, and its queue URLs name that port", () =>
    Effect.gen(function* () {
      const taken = yield* takenPort
      const chooser = takenAt(taken)
      const standIn = yield* sqsStandIn({ choosePorts: chooser.choosePorts })
      expect(chooser.choices.map(([port]) => port === taken)).toEqual([true, false])
      expect(portOf(standIn.endpoint)).toBe(chooser.choices[1]?.[0])
      const client = yield* testSqsClient(standIn.endpoint)
      const { QueueUrl } = yield* call((signal) => client.send(new CreateQueueCommand({ QueueName: "retried" }), { abortSignal: signal }))
      expect(QueueUrl).toContain(`:${portOf(standIn.endpoint)}/`)
    }).pipe(Effect.scoped))

  it.live("local-aws-sqs on the caller's port, taken, fails in one line without choosing another", () =>
    Effect.gen(function* () {
      const port = yield* takenPort
      const chooser = freeOnly()
      const error = yield* sqsStandIn({ port, choosePorts: chooser.choosePorts }).pipe(Effect.scoped, Effect.flip)
      expect(error.message).toBe(`local-aws-sqs could not listen on 127.0.0.1:${port}: address already in use`)
      expect(error.portInUse).toBe(port)
      expect(chooser.choices).toEqual([])
    }).pipe(Effect.scoped))

  it.live("local-aws-sqs gives up after a bounded number of attempts, each on a port found taken", () =>
    Effect.gen(function* () {
      const taken = yield* takenPort
      const chooser = takenAt(taken, 0, Infinity)
      const error = yield* sqsStandIn({ choosePorts: chooser.choosePorts }).pipe(Effect.scoped, Effect.flip)
      expect(error.message).toBe(`local-aws-sqs could not listen on 127.0.0.1:${taken}: address already in use`)
      expect(chooser.choices).toEqual(Array.from({ length: portAttempts }, () => [taken]))
    }).pipe(Effect.scoped))

  it.live("s3rver listens again on a fresh port when the one it chose is taken", () =>
    Effect.gen(function* () {
      const taken = yield* takenPort
      const chooser = takenAt(taken)
      const standIn = yield* s3StandIn({ choosePorts: chooser.choosePorts })
      expect(chooser.choices).toHaveLength(2)
      expect(portOf(standIn.endpoint)).toBe(chooser.choices[1]?.[0])
      const client = yield* testS3Client(standIn.endpoint)
      const { Buckets } = yield* call((signal) => client.send(new ListBucketsCommand({}), { abortSignal: signal }))
      expect(Buckets ?? []).toEqual([])
    }).pipe(Effect.scoped))

})
