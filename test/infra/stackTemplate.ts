import { App } from "aws-cdk-lib"
import { Template } from "aws-cdk-lib/assertions"
import * as lambda from "aws-cdk-lib/aws-lambda"
import { expect } from "vitest"
import { VfScoringStack } from "../../infra/stack/VfScoringStack.js"

/** The synthesized template of infra/ (CloudFormation, offline), with stand-in code for the functions. */
export const synth = (streamShards?: number, indexUpgradeStep?: 1 | 2) => {
  const app = new App()
  const code = () => lambda.Code.fromInline("export const handler = async () => ({})")
  const stack = new VfScoringStack(app, "Test", { streamShards, code, ...(indexUpgradeStep === undefined ? {} : { indexUpgradeStep }) })
  return Template.fromStack(stack)
}

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>

export const workerNames = ["scrubbedFile", "fanlistFile", "scoresToDynamoDB", "entryScoring", "savedScores", "verdictReporter", "campaignProxy", "driftCheck"]

/** The default stack's template, synthesized once per test file. */
export const template: Template = synth()
export const resources = template.toJSON().Resources as Resources
/** Our eight functions, the workers' and the drift check (not CDK's own bucket-notification helper), by the name in their logical id. */
export const functions: Record<string, { id: string; props: Record<string, any> }> = {}
for (const [id, resource] of Object.entries(resources)) {
  if (resource.Type !== "AWS::Lambda::Function") continue
  const name = workerNames.find((worker) => id.startsWith(`Functions${worker}`))
  if (name !== undefined) functions[name] = { id, props: resource.Properties }
}

interface Statement {
  readonly Action: string | Array<string>
  readonly Resource: unknown
}

/** The IAM statements granted to a function's role, all policies together. */
export const statementsOf = (name: string): Array<Statement> => {
  const role = functions[name]!.props["Role"]["Fn::GetAtt"][0] as string
  return Object.values(resources)
    .filter((r) => r.Type === "AWS::IAM::Policy" && (r.Properties["Roles"] as Array<{ Ref: string }>).some((ref) => ref.Ref === role))
    .flatMap((r) => (r.Properties["PolicyDocument"] as { Statement: Array<Statement> }).Statement)
}

export const actionsOf = (name: string): Array<string> =>
  statementsOf(name).flatMap((statement) => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]))

/** Whether the role may send to a queue whose logical id starts with `queue`. */
export const sendsTo = (name: string, queue: string) =>
  statementsOf(name).some((statement) => [statement.Action].flat().includes("sqs:SendMessage") && JSON.stringify(statement.Resource).includes(`"${queue}`))

export const mappingOf = (name: string) => {
  const found = Object.values(resources).filter((r) => r.Type === "AWS::Lambda::EventSourceMapping" && (r.Properties["FunctionName"] as { Ref: string }).Ref === functions[name]!.id)
  expect(found).toHaveLength(1)
  return found[0]!.Properties
}

