import type { S3Client } from "@aws-sdk/client-s3"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber, Schedule, Stream } from "effect"
import { writeMultipart } from "../../../src/layers/aws/s3MultipartUpload.js"

/**
 * writeMultipart over a fake client (no stand-in): how far it reads the body while S3 does not
 * answer, which bounds what it holds whatever the collector does; s3WriteObject.test.ts runs it
 * against s3rver and moto.
 */

const MiB = 1024 * 1024
const piece = 64 * 1024
const options = { partBytes: 5 * MiB, partsInFlight: 2 }

/** A client whose UploadParts wait until their request is aborted; the commands it was sent, by name. */
const stalledClient = () => {
  const sent: Array<{ name: string; input: Record<string, unknown> }> = []
  const client = {
    send: (command: { constructor: { name: string }; input: Record<string, unknown> }, { abortSignal }: { abortSignal: AbortSignal }) => {
      const name = command.constructor.name.replace(/Command$/, "")
      sent.push({ name, input: command.input })
      if (name === "CreateMultipartUpload") return Promise.resolve({ UploadId: "upload-1" })
      if (name !== "UploadPart") return Promise.resolve({})
      return new Promise((_, reject) => abortSignal.addEventListener("abort", () => reject(new Error("aborted")), { once: true }))
    }
  }
  return { client: client as unknown as S3Client, sent, names: () => sent.map((command) => command.name) }
}

/** An endless body of 64 KiB pieces, counting what was pulled from it. */
const endlessBody = () => {
  const pulled = { bytes: 0 }
  const body = Stream.repeatEffect(Effect.sync(() => ((pulled.bytes += piece), new Uint8Array(piece))))
  return { body, pulled }
}

describe("writeMultipart", () => {
  it.live("reads no further than the parts in flight and one more while S3 does not answer, and aborts when interrupted", () =>
    Effect.gen(function* () {
      const { client, sent, names } = stalledClient()
      const { body, pulled } = endlessBody()
      const fiber = yield* Effect.fork(writeMultipart(client, "vf-scoring", "scored/big.csv", body, "text/csv", options))
      // Until the body is no longer pulled: the reading waits for a buffer.
      let last = -1
      yield* Effect.repeat(
        Effect.sync(() => {
          const still = pulled.bytes === last
          last = pulled.bytes
          return still
        }),
        { until: (still) => still, schedule: Schedule.spaced("100 millis") }
      )
      // Parts 1 and 2 uploading, part 3 full and waiting, one piece past it read (it waits for a buffer of its own).
      expect(pulled.bytes).toBe(3 * options.partBytes + piece)
      expect(names()).toEqual(["CreateMultipartUpload", "UploadPart", "UploadPart"])
      expect(sent[0]!.input).toMatchObject({ Bucket: "vf-scoring", Key: "scored/big.csv", ContentType: "text/csv" })
      expect(sent.slice(1).map(({ input }) => [input["PartNumber"], (input["Body"] as Uint8Array).byteLength])).toEqual([
        [1, options.partBytes],
        [2, options.partBytes]
      ])
      yield* Fiber.interrupt(fiber)
      expect(names().slice(3)).toEqual(["AbortMultipartUpload"])
      expect(sent[3]!.input).toMatchObject({ Bucket: "vf-scoring", Key: "scored/big.csv", UploadId: "upload-1" })
    }))
})
