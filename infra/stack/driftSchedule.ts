import { Duration } from "aws-cdk-lib"
import * as events from "aws-cdk-lib/aws-events"
import * as targets from "aws-cdk-lib/aws-events-targets"
import type * as lambda from "aws-cdk-lib/aws-lambda"
import { Construct } from "constructs"

/** How often the drift check runs: once a day (its alarms read its figures over a day, successMetrics.ts). */
export const driftCheckRate = Duration.days(1)

/**
 * The drift check's schedule (SPEC §13): an EventBridge rule invokes it once a day with `{}`,
 * a check that only measures (a repair is asked by hand, `{"repair": true}`).
 */
export class DriftSchedule extends Construct {
  readonly rule: events.Rule

  constructor(scope: Construct, id: string, { driftCheck }: { readonly driftCheck: lambda.IFunction }) {
    super(scope, id)
    this.rule = new events.Rule(this, "Daily", {
      schedule: events.Schedule.rate(driftCheckRate),
      description: "Verified Fan: the daily drift check of the campaigns' counts (measures, never repairs)",
      targets: [new targets.LambdaFunction(driftCheck, { event: events.RuleTargetInput.fromObject({}) })]
    })
  }
}
