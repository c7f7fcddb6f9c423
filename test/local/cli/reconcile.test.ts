import { GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb"
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb"
import { expect, layer } from "@effect/vitest"
import { Effect } from "effect"
import { execFile } from "node:child_process"
import { promisify } from "node:util"
import { inject } from "vitest"
import { testCredentials, testRegion, uniqueName } from "../../support/awsTestConfig.js"
import { DemandTableFixture, demandTableFixture } from "../../support/demandTableFixture.js"

const run = promisify(execFile)
const endpoint = inject("awsEndpoints").dynamodb
const tableName = uniqueName("reconcile-cli")

/** `vf-workers reconcile` as a user runs it, against DynamoDB Local. */
const reconcile = (campaignId: string, ...flags: Array<string>) =>
  Effect.promise(() =>
    run("node", ["bin/vf-workers.js", "reconcile", campaignId, "--endpoint", endpoint, ...flags], {
      env: {
        ...process.env,
        DEMAND_TABLE: tableName,
        AWS_ACCESS_KEY_ID: testCredentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: testCredentials.secretAccessKey,
        AWS_REGION: testRegion
      }
    })
  )

layer(demandTableFixture(endpoint, tableName), { excludeTestServices: true })("vf-workers reconcile", (it) => {
  it.effect("recounts a campaign on DynamoDB, prints the drift, and repairs meta:counts", () =>
    Effect.gen(function* () {
      const { client } = yield* DemandTableFixture
      const put = (item: object) => Effect.promise(() => client.send(new PutItemCommand({ TableName: tableName, Item: marshall(item) })))
      const fans = [
        { PK: "fan:g1", SK: "campaign:c9", campaignId: "c9", isVerified: true, verdict: true, score: 0.5 },
        { PK: "fan:g2", SK: "campaign:c9", campaignId: "c9", isVerified: false, score: 0.1 },
        { PK: "sid:m3", SK: "campaign:c9", campaignId: "c9", isVerified: true, score: 0.2 }
      ]
      yield* Effect.forEach(fans, put)
      yield* put({ PK: "campaign:c9", SK: "meta:counts", verified: 7, rejected: 1, selected: 0 })

      const { stdout } = yield* reconcile("c9", "--json")
      expect(JSON.parse(stdout)).toEqual({
        campaignId: "c9",
        fans: 3,
        stored: { verified: 7, rejected: 1, selected: 0 },
        recounted: { verified: 2, rejected: 1, selected: 1 },
        drift: { verified: -5, rejected: 0, selected: 1 },
        duplicates: 0,
        repaired: true,
        quiet: true
      })
      const stored = yield* Effect.promise(() =>
        client.send(new GetItemCommand({ TableName: tableName, Key: marshall({ PK: "campaign:c9", SK: "meta:counts" }), ConsistentRead: true }))
      )
      expect(unmarshall(stored.Item!)).toMatchObject({ verified: 2, rejected: 1, selected: 1 })

      const again = yield* reconcile("c9")
      expect(again.stdout).toContain("drift:     verified 0, rejected 0, selected 0")
      expect(again.stdout).toContain("nothing written")
    }),
    // Each reconcile waits 2 s between its two recounts (the campaign must be quiet).
    30_000
  )
})
