import { ListTablesCommand } from "@aws-sdk/client-dynamodb"
import { ListStreamsCommand } from "@aws-sdk/client-kinesis"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { dynamoStandIn } from "../../../src/local/standIns/aws/dynamoStandIn.js"
import { freePorts } from "../../../src/local/standIns/aws/freePorts.js"
import { kinesisStandIn } from "../../../src/local/standIns/aws/kinesisStandIn.js"
import { call, testDynamoClient, testKinesisClient } from "../../support/awsTestClients.js"
import { portIsFree, standInProcessesOfThisProcess } from "../../support/standins/standInProcesses.js"
import { freeOnly, takenAt, takenPort } from "../../support/standins/takenPorts.js"

const portOf = (endpoint: string) => Number(new URL(endpoint).port)

const kinesisAnswers = (endpoint: string) =>
  Effect.gen(function* () {
    const client = yield* testKinesisClient(endpoint)
    const streams = yield* call((signal) => client.send(new ListStreamsCommand({}), { abortSignal: signal }))
    expect(streams.StreamNames).toEqual([])
  }).pipe(Effect.scoped)

// kinesis-mock asks for its ports TLS first, plain HTTP second.
const tls = 0
const plain = 1

describe("stand-ins run as child processes, when a port is taken", () => {
  it.live("kinesis-mock starts again on fresh ports when the plain port it chose is taken, the first attempt gone", () =>
    Effect.gen(function* () {
      const taken = yield* takenPort
      const chooser = takenAt(taken, plain)
      const standIn = yield* kinesisStandIn({ choosePorts: chooser.choosePorts })
      expect(chooser.choices).toHaveLength(2)
      expect(chooser.choices[0]?.[plain]).toBe(taken)
      expect(portOf(standIn.endpoint)).toBe(chooser.choices[1]?.[plain])
      yield* kinesisAnswers(standIn.endpoint)
      // Only the second attempt's launcher is left, and the first attempt's TLS port is free again.
      expect(standInProcessesOfThisProcess()).toEqual([standIn.processGroup])
      expect(yield* Effect.promise(() => portIsFree(chooser.choices[0]![tls]!))).toBe(true)
    }).pipe(Effect.scoped), 60_000)

  it.live("kinesis-mock on the caller's port takes a fresh TLS port when the one it chose is taken", () =>
    Effect.gen(function* () {
      const taken = yield* takenPort
      const [port] = (yield* freePorts("test", 1)) as [number]
      const chooser = takenAt(taken, tls)
      const standIn = yield* kinesisStandIn({ port, choosePorts: chooser.choosePorts })
      expect(chooser.choices.map((ports) => ports[tls] === taken)).toEqual([true, false])
      expect(standIn.endpoint).toBe(`http://127.0.0.1:${port}`)
      yield* kinesisAnswers(standIn.endpoint)
    }).pipe(Effect.scoped), 60_000)

  it.live("kinesis-mock on the caller's port, taken, fails at once in one line and tries no other port", () =>
    Effect.gen(function* () {
      const port = yield* takenPort
      const chooser = freeOnly()
      const error = yield* kinesisStandIn({ port, choosePorts: chooser.choosePorts }).pipe(Effect.scoped, Effect.flip)
      expect(error.message).toBe(`kinesis-mock could not listen on 127.0.0.1:${port}: address already in use`)
      expect(error.portInUse).toBe(port)
      expect(chooser.choices).toHaveLength(1)
      expect(standInProcessesOfThisProcess()).toEqual([])
    }).pipe(Effect.scoped))

  it.live("DynamoDB Local starts again on a fresh port when the one it chose is taken", () =>
    Effect.gen(function* () {
      const taken = yield* takenPort
      const chooser = takenAt(taken)
      const standIn = yield* dynamoStandIn({ choosePorts: chooser.choosePorts })
      expect(chooser.choices).toHaveLength(2)
      expect(portOf(standIn.endpoint)).toBe(chooser.choices[1]?.[0])
      const client = yield* testDynamoClient(standIn.endpoint)
      const tables = yield* call((signal) => client.send(new ListTablesCommand({}), { abortSignal: signal }))
      expect(tables.TableNames).toEqual([])
    }).pipe(Effect.scoped), 60_000)

  it.live("DynamoDB Local with no java on the PATH fails at once, not retried", () =>
    Effect.gen(function* () {
      const chooser = freeOnly()
      const error = yield* dynamoStandIn({ env: { PATH: "/nonexistent" }, choosePorts: chooser.choosePorts }).pipe(
        Effect.scoped,
        Effect.flip
      )
      expect(error.message).toBe("DynamoDB Local needs Java 17 or later, and there is no java command on the PATH — run with --in-memory")
      expect(error.portInUse).toBeUndefined()
      expect(chooser.choices).toHaveLength(1)
      expect(standInProcessesOfThisProcess()).toEqual([])
    }))
})
