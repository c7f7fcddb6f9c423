import { describe, expect, it } from "vitest"
import { maxLoadInvocations } from "../../infra/stack/alarms.js"
import { functions, resources, sendsTo, statementsOf, template } from "./stackTemplate.js"

/** The loaders, their worker (EMF dimension) and the logical id prefix of their failure queue. */
const loaders = [
  { name: "scrubbedFile", worker: "loadScoresToStream", queue: "TriggersScrubbedFileFailures" },
  { name: "fanlistFile", worker: "saveFanlistScores", queue: "TriggersFanlistFileFailures" }
]

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type)
const queueId = (prefix: string) => {
  const found = ofType("AWS::SQS::Queue").filter(([id]) => id.startsWith(prefix))
  expect(found).toHaveLength(1)
  return found[0]![0]
}
const invokes = (statement: { Action: string | Array<string> }) => [statement.Action].flat().some((action) => action === "lambda:InvokeFunction" || action === "lambda:*")
const alarms = ofType("AWS::CloudWatch::Alarm").map(([, r]) => r.Properties)
const roleOf = (name: string) => functions[name]!.props["Role"]["Fn::GetAtt"][0] as string
const arnOf = (name: string) => ({ "Fn::GetAtt": [functions[name]!.id, "Arn"] })

describe("the CDK stack (infra/): a load's continuations", () => {
  it("lets each loader invoke itself (a policy of its own), and no other function invoke a loader", () => {
    for (const { name } of loaders) {
      const own = statementsOf(name).filter(invokes)
      expect(own.map((statement) => statement.Resource)).toEqual([arnOf(name)])
    }
    // Every identity policy of the template that may invoke a function: only the loaders' own. (S3's
    // and AppSync's permissions are resource policies, AWS::Lambda::Permission.)
    const granted = ofType("AWS::IAM::Policy").flatMap(([id, r]) =>
      (r.Properties["PolicyDocument"] as { Statement: Array<{ Action: string | Array<string>; Resource: unknown }> }).Statement.filter(invokes).map((statement) => ({
        id,
        roles: r.Properties["Roles"],
        resource: statement.Resource
      }))
    )
    expect(granted).toEqual(loaders.map(({ name }) => ({ id: expect.stringMatching(`^Functions${name}Continues`), roles: [{ Ref: roleOf(name) }], resource: arnOf(name) })))
    // In a policy of its own, which the function does not depend on: in the role's default policy,
    // which it does, its own ARN would be a dependency cycle (Template.fromStack refuses those).
    for (const [{ name }, { id }] of loaders.map((loader, i) => [loader, granted[i]!] as const)) {
      expect([(resources[functions[name]!.id] as { DependsOn?: string | Array<string> }).DependsOn ?? []].flat()).not.toContain(id)
    }
  })

  it("retries a loader's asynchronous event twice within 6 hours, then sends it to the loader's failure queue", () => {
    const configs = ofType("AWS::Lambda::EventInvokeConfig").map(([, r]) => r.Properties)
    expect(configs).toHaveLength(2)
    for (const { name, queue } of loaders) {
      expect(configs.filter((config) => JSON.stringify(config["FunctionName"]) === JSON.stringify({ Ref: functions[name]!.id }))).toEqual([
        {
          FunctionName: { Ref: functions[name]!.id },
          Qualifier: "$LATEST",
          MaximumRetryAttempts: 2,
          MaximumEventAgeInSeconds: 21_600,
          DestinationConfig: { OnFailure: { Destination: { "Fn::GetAtt": [queueId(queue), "Arn"] } } }
        }
      ])
      expect(sendsTo(name, queue)).toBe(true)
      expect(resources[queueId(queue)]!.Properties).toEqual({ MessageRetentionPeriod: 1_209_600 })
      const ssl = ofType("AWS::SQS::QueuePolicy").filter(([, r]) => JSON.stringify(r.Properties["Queues"]) === JSON.stringify([{ Ref: queueId(queue) }]))
      expect(JSON.stringify(ssl.map(([, r]) => r.Properties))).toContain('"aws:SecureTransport":"false"')
    }
  })

  it(`alarms on a load of more than ${maxLoadInvocations} invocations and on a loader's dropped asynchronous event`, () => {
    expect(maxLoadInvocations).toBe(8)
    const invocations = alarms.filter((a) => a["MetricName"] === "LoadInvocation")
    expect(invocations.map((a) => [a["Namespace"], a["Dimensions"], a["Statistic"], a["Period"], a["Threshold"], a["ComparisonOperator"]])).toEqual(
      loaders.map(({ worker }) => ["VerifiedFan/Workers", [{ Name: "worker", Value: worker }], "Maximum", 300, 8, "GreaterThanThreshold"])
    )
    expect(invocations.map((a) => a["AlarmDescription"])).toEqual(loaders.map(({ worker }) => expect.stringContaining(`${worker}: a load has taken more than 8 invocations`)))
    const dropped = alarms.filter((a) => a["MetricName"] === "AsyncEventsDropped")
    expect(dropped.map((a) => [a["Namespace"], a["Dimensions"], a["Statistic"], a["Period"], a["Threshold"], a["ComparisonOperator"]])).toEqual(
      loaders.map(({ name }) => ["AWS/Lambda", [{ Name: "FunctionName", Value: { Ref: functions[name]!.id } }], "Sum", 300, 0, "GreaterThanThreshold"])
    )
  })

  it("alarms on anything in a loader's failure queue, and outputs its URL", () => {
    const waiting = alarms.filter((a) => a["MetricName"] === "ApproximateNumberOfMessagesVisible")
    const alarmed = waiting.map((a) => (a["Dimensions"] as Array<{ Value: { "Fn::GetAtt": [string, string] } }>)[0]!.Value["Fn::GetAtt"][0])
    for (const { queue } of loaders) expect(alarmed).toContain(queueId(queue))
    expect(waiting.filter((a) => JSON.stringify(a).includes("FileFailures")).map((a) => [a["Threshold"], a["ComparisonOperator"]])).toEqual(Array(2).fill([0, "GreaterThanThreshold"]))
    expect(Object.keys(template.toJSON().Outputs as object)).toEqual(expect.arrayContaining(["ScrubbedFileFailuresUrl", "FanlistFileFailuresUrl"]))
  })
})
