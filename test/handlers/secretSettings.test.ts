import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { Config, Context, Effect, Layer, Redacted } from "effect"
import { makeLambdaHandler } from "../../src/lambda/lambdaRuntime.js"
import { withSecretSettings } from "../../src/layers/aws/SecretSettings.js"
import { requiredSecret } from "../../src/services/Settings.js"

/** A Secrets Manager on loopback speaking its JSON protocol (GetSecretValue only), with one secret. */
const secretArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:vf-scoring/service-token-AbCdEf"
const calls: Array<{ target: string | undefined; secretId: string }> = []
let server: Server
let endpoint: string

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = ""
    request.on("data", (piece) => (body += piece))
    request.on("end", () => {
      const { SecretId } = JSON.parse(body) as { SecretId: string }
      calls.push({ target: request.headers["x-amz-target"] as string | undefined, secretId: SecretId })
      response.setHeader("content-type", "application/x-amz-json-1.1")
      if (SecretId !== secretArn) {
        response.statusCode = 400
        response.end(JSON.stringify({ __type: "ResourceNotFoundException", message: "Secrets Manager can't find the specified secret." }))
        return
      }
      response.end(JSON.stringify({ ARN: secretArn, Name: "vf-scoring/service-token", SecretString: "s3cr3t-from-manager" }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

/** Runs `body` with these environment variables (and without SERVICE_TOKEN), then puts the environment back. */
const withEnvironment = async <A>(variables: Record<string, string>, body: () => Promise<A>): Promise<A> => {
  const saved = { ...process.env }
  Object.assign(process.env, { AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test", AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint }, variables)
  delete process.env["SERVICE_TOKEN"]
  try {
    return await body()
  } finally {
    process.env = saved
  }
}

class TokenAtBuild extends Context.Tag("test/TokenAtBuild")<TokenAtBuild, string>() {}

/** A handler whose service layer reads SERVICE_TOKEN when built, and whose program reads it again. */
const makeHandler = () =>
  makeLambdaHandler(withSecretSettings(Layer.effect(TokenAtBuild, Effect.map(requiredSecret("SERVICE_TOKEN"), Redacted.value))), () =>
    Effect.gen(function* () {
      const atBuild = yield* TokenAtBuild
      const inProgram = Redacted.value(yield* Config.redacted("SERVICE_TOKEN"))
      return { atBuild, inProgram }
    })
  )

describe("secret settings from Secrets Manager", () => {
  it("reads SERVICE_TOKEN from the secret SERVICE_TOKEN_SECRET_ARN names, once, for the layers and the program", async () => {
    calls.length = 0
    const replies = await withEnvironment({ SERVICE_TOKEN_SECRET_ARN: secretArn }, async () => {
      const handler = makeHandler()
      return [await handler({}), await handler({})]
    })
    expect(replies).toEqual([
      { atBuild: "s3cr3t-from-manager", inProgram: "s3cr3t-from-manager" },
      { atBuild: "s3cr3t-from-manager", inProgram: "s3cr3t-from-manager" }
    ])
    expect(calls).toEqual([{ target: "secretsmanager.GetSecretValue", secretId: secretArn }])
  })

  it("fails start-up in one line naming the variable when the secret cannot be read", async () => {
    const missing = "arn:aws:secretsmanager:us-east-1:123456789012:secret:nope-XyZ"
    const failure = await withEnvironment({ SERVICE_TOKEN_SECRET_ARN: missing }, () => makeHandler()({}).then(() => undefined, (error: Error) => error))
    expect(failure?.message).toMatch(/^setting SERVICE_TOKEN_SECRET_ARN: secret arn:aws:secretsmanager:.*nope-XyZ could not be read/)
  })

  it("reads nothing without a _SECRET_ARN: the environment's value stands", async () => {
    calls.length = 0
    const reply = await withEnvironment({}, () => {
      process.env["SERVICE_TOKEN"] = "from-environment"
      return makeHandler()({})
    })
    expect(reply).toEqual({ atBuild: "from-environment", inProgram: "from-environment" })
    expect(calls).toEqual([])
  })
})
