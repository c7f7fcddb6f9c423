import { DynamoDBClient, PutItemCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb"
import { marshall } from "@aws-sdk/util-dynamodb"
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest"
import { runResourceEnvironment, testRegion } from "../../support/awsTestConfig.js"
import { runCli } from "../../support/cliRun.js"
import { singleEndpoint, type SingleEndpoint } from "../../support/singleEndpoint.js"

/**
 * The drift check end to end on the stand-ins (SPEC §13): the flow runs on the bundled
 * examples; the check finds no drift; a drift and a duplicate fan item made by hand are found
 * (by `vf-workers drift-check` and by the Lambda handler, whose EMF documents carry them),
 * nothing is repaired until asked, and a repair leaves no drift.
 */

const examples = [
  "examples/scrubbed/registrants.c1001.SummerTour2026.20261120T0900.cleaned.prepared.merged.csv",
  "examples/fanlist/scored/c1001/20261121T1000.csv"
]

let endpoint: SingleEndpoint
beforeAll(async () => void (endpoint = await singleEndpoint(inject("awsEndpoints"))))
afterAll(async () => void (await endpoint?.close()))

interface Checked {
  readonly checked: number
  readonly campaigns: ReadonlyArray<{ campaignId: string; drift: Record<string, number>; driftTotal: number; duplicates: number; measured: boolean; repaired: boolean }>
}

/** The Lambda handler invoked in this process with `event`, on the stand-ins: its EMF documents (stdout lines with `_aws`). */
const invokeHandler = async (env: Record<string, string>, event: unknown) => {
  const saved = { ...process.env }
  Object.assign(process.env, env)
  const written: Array<string> = []
  const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true))
  try {
    const { handler } = await import("../../../src/handlers/driftCheckHandler.js")
    const result = (await handler(event, { getRemainingTimeInMillis: () => 900_000, awsRequestId: "req-drift" })) as Checked
    return { result, documents: written.flatMap((text) => text.split("\n")).filter((line) => line.includes('"_aws"')).map((line) => JSON.parse(line) as Record<string, unknown>) }
  } finally {
    write.mockRestore()
    process.env = saved
  }
}

describe("the drift check on the stand-ins", () => {
  it("finds no drift after a run, then the drift and duplicate made by hand, repairing only when asked", async () => {
    const env = runResourceEnvironment("drift")
    const bootstrap = await runCli(["bootstrap", "--endpoint", endpoint.url], { env: { ...env, VERDICT_QUEUE_URL: `http://127.0.0.1/000000000000/${env.DEMAND_TABLE}-verdicts` } })
    expect(bootstrap.code).toBe(0)
    const atEndpoint = { ...env, VERDICT_QUEUE_URL: /export VERDICT_QUEUE_URL=(\S+)/.exec(bootstrap.stdout)![1]! }
    const flow = await runCli(["run", "--endpoint", endpoint.url, ...examples], { env: atEndpoint, timeoutMs: 120_000 })
    expect(flow.code).toBe(0)

    const check = async (...flags: Array<string>) => {
      const run = await runCli(["drift-check", "--endpoint", endpoint.url, "--json", ...flags], { env: atEndpoint })
      expect(run.code, run.stderr).toBe(0)
      return JSON.parse(run.stdout) as Checked
    }
    const clean = await check()
    expect(clean.campaigns.map(({ campaignId, driftTotal, duplicates, measured }) => ({ campaignId, driftTotal, duplicates, measured }))).toEqual([
      { campaignId: "c1001", driftTotal: 0, duplicates: 0, measured: true }
    ])

    // By hand: 3 verified too many in meta:counts, and the scrubbed fan GU1000 (member M7700) again as sid:M7700, rejected, never counted.
    const client = new DynamoDBClient({ endpoint: endpoint.url, region: testRegion, credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY } })
    await client.send(new UpdateItemCommand({ TableName: env.DEMAND_TABLE, Key: marshall({ PK: "campaign:c1001", SK: "meta:counts" }), UpdateExpression: "ADD verified :three", ExpressionAttributeValues: marshall({ ":three": 3 }) }))
    await client.send(new PutItemCommand({ TableName: env.DEMAND_TABLE, Item: marshall({ PK: "sid:M7700", SK: "campaign:c1001", campaignId: "c1001", memberId: "M7700", isVerified: false, score: 0.5 }) }))
    client.destroy()

    const drifted = await check()
    expect(drifted.campaigns).toEqual([
      expect.objectContaining({ campaignId: "c1001", drift: { verified: -3, rejected: 1, selected: 0 }, driftTotal: 4, duplicates: 1, measured: true, repaired: false })
    ])

    // The deployed function, as its schedule invokes it: the same figures as metrics.
    const { result, documents } = await invokeHandler({ ...atEndpoint, AWS_ENDPOINT_URL: endpoint.url, AWS_REGION: testRegion }, {})
    expect(result.campaigns[0]).toMatchObject({ campaignId: "c1001", driftTotal: 4, duplicates: 1, repaired: false })
    const perCampaign = documents.find((doc) => doc["campaignId"] === "c1001")
    expect(perCampaign).toMatchObject({ worker: "driftCheck", CountDrift: 4, DuplicateFanItems: 1 })
    expect((perCampaign!["_aws"] as { CloudWatchMetrics: Array<{ Namespace: string }> }).CloudWatchMetrics[0]!.Namespace).toBe("VerifiedFan/Workers")
    expect(documents.find((doc) => doc["CampaignsChecked"] !== undefined)).toMatchObject({ CampaignsChecked: 1, CampaignsBusy: 0 })

    // Nothing was repaired by either; a repair when asked; then no drift (the duplicate stays: it is data, not counts).
    expect((await check()).campaigns[0]).toMatchObject({ driftTotal: 4 })
    expect((await check("--repair")).campaigns[0]).toMatchObject({ driftTotal: 4, repaired: true })
    expect((await check("--campaign", "c1001")).campaigns[0]).toMatchObject({ driftTotal: 0, duplicates: 1, repaired: false })
  }, 170_000)
})
