import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, Layer } from "effect"
import { AwsLayer, S3ScoringBucketLive, S3WriteOptions, ScoringBucket, SlackNotifier, SlackNotifierLive } from "vf-scoring-workers"
import { AwsLayer as EagerAwsLayer } from "../../src/layers/aws/AwsLayer.js"

/**
 * The root entry's live layers load their modules when built (layers/lazyLiveLayers.ts):
 * built, they are the modules' own layers, with the same settings and the same failures.
 */

const settings = (values: Record<string, string>) => Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(values))))
const built = <A, E>(layer: Layer.Layer<A, E>, values: Record<string, string>) =>
  Layer.build(layer).pipe(Effect.scoped, Effect.provide(settings(values)), Effect.flip)

describe("the root entry's live layers", () => {
  it.effect("fail as the modules' own layers do when a setting is missing", () =>
    Effect.gen(function* () {
      const lazy = yield* built(AwsLayer, {})
      const eager = yield* built(EagerAwsLayer, {})
      expect(lazy).toMatchObject({ _tag: "MissingSetting", variable: "VERDICT_QUEUE_URL" })
      expect(lazy).toEqual(eager)
    }))

  it.effect("build the service of their module with the settings given", () =>
    Effect.gen(function* () {
      const slack = yield* SlackNotifier.pipe(
        Effect.provide(SlackNotifierLive),
        Effect.provide(settings({ SLACK_TOKEN: "xoxb-test", SLACK_CHANNEL: "#vf-test" }))
      )
      expect(slack.channel).toBe("#vf-test")
      const bucket = yield* ScoringBucket.pipe(
        Effect.provide(S3ScoringBucketLive.pipe(Layer.provide(Layer.succeed(S3WriteOptions, { partBytes: 5 * 1024 * 1024 })))),
        Effect.provide(settings({ SCORING_BUCKET: "vf-test-bucket", AWS_REGION: "us-east-1" }))
      )
      expect(bucket.bucket).toBe("vf-test-bucket")
    }))
})
