import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Stream, Tracer } from "effect"
import { makeLambdaHandler } from "../../../src/lambda/lambdaRuntime.js"
import { withPortSpans } from "../../../src/layers/observability/portSpans.js"
import { CampaignService } from "../../../src/services/CampaignService.js"
import { campaignClient, json, scriptedServer } from "../http/httpTestKit.js"

/** A tracer that makes spans as Effect's own does and keeps every one it made. */
const recordingTracer = Effect.map(Effect.tracer, (native) => {
  const spans: Array<Tracer.Span> = []
  const tracer = Tracer.make({
    span: (...args) => {
      const span = native.span(...args)
      spans.push(span)
      return span
    },
    context: native.context
  })
  return { tracer, spans }
})

const parentName = (span: Tracer.Span) => (span.parent._tag === "Some" && span.parent.value._tag === "Span" ? span.parent.value.name : undefined)

describe("spans of the ports' calls", () => {
  it.scoped("a Campaign Service call through a handler is a span under the invocation's, when a tracer is provided", () =>
    Effect.gen(function* () {
      const server = yield* scriptedServer(json(200, [{ id: "c1" }]))
      const { tracer, spans } = yield* recordingTracer
      const handler = makeLambdaHandler(Layer.merge(campaignClient(server.url), Layer.setTracer(tracer)), () =>
        Effect.flatMap(CampaignService, (campaigns) => campaigns.campaignsOfEvent("EV-1"))
      )
      const reply = yield* Effect.promise(() => handler({}, { awsRequestId: "req-a", getRemainingTimeInMillis: () => 60_000 }))
      expect(reply).toEqual([{ id: "c1" }])

      const call = spans.find((span) => span.name === "CampaignService.campaignsOfEvent")
      expect(call?.attributes.get("port")).toBe("CampaignService")
      expect(call?.attributes.get("operation")).toBe("campaignsOfEvent")
      expect(call?.kind).toBe("client")
      expect(call?.status._tag).toBe("Ended")
      expect(call && parentName(call)).toBe("lambda.invocation")
      const invocation = spans.find((span) => span.name === "lambda.invocation")
      expect(invocation?.attributes.get("faas.invocation_id")).toBe("req-a")
    })
  )

  it.effect("an adapter's streams are spanned, its other members kept as they are", () =>
    Effect.gen(function* () {
      const { tracer, spans } = yield* recordingTracer
      const adapter = withPortSpans("Fans", {
        tableName: "demand-table",
        campaignFans: (campaignId: string) => Stream.make(`${campaignId}-1`, `${campaignId}-2`),
        openShards: Effect.succeed(["shardId-0"])
      })
      expect(adapter.tableName).toBe("demand-table")
      const fans = yield* Stream.runCollect(adapter.campaignFans("c1")).pipe(Effect.withTracer(tracer))
      const shards = yield* adapter.openShards.pipe(Effect.withTracer(tracer))
      expect([...fans]).toEqual(["c1-1", "c1-2"])
      expect(shards).toEqual(["shardId-0"])
      expect(spans.map((span) => span.name)).toEqual(["Fans.campaignFans", "Fans.openShards"])
    })
  )
})
