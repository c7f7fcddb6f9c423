import { describe, expect, it } from "@effect/vitest"
import { Effect, Logger } from "effect"
import { jsonLogger } from "../../../src/layers/observability/JsonLogger.js"
import { countsOf, embeddedMetricDocument } from "../../../src/layers/observability/WorkerMetrics.js"

describe("JSON logs", () => {
  it.effect("writes one JSON object per line with level, message and the annotations", () => {
    const lines: Array<string> = []
    return Effect.logWarning("line 7: unranked").pipe(
      Effect.annotateLogs({ worker: "loadScoresToStream", correlationId: "c-1", campaignId: "c1001" }),
      Effect.provide(Logger.replace(Logger.defaultLogger, jsonLogger((line) => lines.push(line)))),
      Effect.map(() => {
        expect(lines).toHaveLength(1)
        expect(lines[0]).not.toContain("\n")
        expect(JSON.parse(lines[0]!)).toMatchObject({
          level: "WARN",
          message: "line 7: unranked",
          worker: "loadScoresToStream",
          correlationId: "c-1",
          campaignId: "c1001"
        })
      })
    )
  })
})

describe("embedded metrics", () => {
  it("flattens a result's numbers and leaves out ids and error lists", () => {
    const result = { campaignId: "c1", in: 3, out: 2, dynamo: { in: 2, out: 1 }, errors: [{ line: 2, reason: "x" }] }
    expect(countsOf(result)).toEqual({ in: 3, out: 2, "dynamo.in": 2, "dynamo.out": 1 })
  })

  it("is a CloudWatch EMF document in VerifiedFan/Workers with the worker dimension", () => {
    const document = embeddedMetricDocument("loadScoresToStream", { in: 3, out: 2 }, 1763800000000)
    expect(document).toEqual({
      _aws: {
        Timestamp: 1763800000000,
        CloudWatchMetrics: [
          {
            Namespace: "VerifiedFan/Workers",
            Dimensions: [["worker"]],
            Metrics: [
              { Name: "in", Unit: "Count" },
              { Name: "out", Unit: "Count" }
            ]
          }
        ]
      },
      worker: "loadScoresToStream",
      in: 3,
      out: 2
    })
  })

  it("gives a delay the unit Seconds, and carries properties that are not dimensions (a campaign id)", () => {
    const document = embeddedMetricDocument("verdictReporter", { SettledToPostSeconds: 12.5, LoadEndToPostSeconds: 40 }, 1, { campaignId: "c1" })
    expect(document._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([["worker"]])
    expect(document._aws.CloudWatchMetrics[0]!.Metrics).toEqual([
      { Name: "SettledToPostSeconds", Unit: "Seconds" },
      { Name: "LoadEndToPostSeconds", Unit: "Seconds" }
    ])
    expect(document).toMatchObject({ campaignId: "c1", worker: "verdictReporter", SettledToPostSeconds: 12.5, LoadEndToPostSeconds: 40 })
  })
})
