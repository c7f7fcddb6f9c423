import { describe, expect, it } from "vitest"
import { functions, resources, statementsOf, workerNames } from "./stackTemplate.js"

/** The success figures of SPEC §13: their dashboard, their alarms, and the daily drift check that measures two of them. */

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type)
const alarms: Array<Record<string, any>> = ofType("AWS::CloudWatch::Alarm").map(([id, r]) => ({ ...r.Properties, id }))
const tableId = ofType("AWS::DynamoDB::Table")[0]![0]
const arnOf = (id: string) => ({ "Fn::GetAtt": [id, "Arn"] })

/** A token of the template as text: `{Ref X}`, `{GetAtt X.Attr}`. */
const tokenText = (token: Record<string, any>): string =>
  "Ref" in token ? `{Ref ${token["Ref"]}}` : "Fn::GetAtt" in token ? `{GetAtt ${token["Fn::GetAtt"].join(".")}}` : `{${JSON.stringify(token).replaceAll('"', "'")}}`

/** The dashboard's body, its Fn::Join's literal parts joined and its tokens as text. */
const dashboards = ofType("AWS::CloudWatch::Dashboard").map(([, r]) => r.Properties as Record<string, any>)
const bodyText = (): string => {
  const join = dashboards[0]!["DashboardBody"]["Fn::Join"] as [string, Array<string | Record<string, any>>]
  expect(join[0]).toBe("")
  return join[1].map((part) => (typeof part === "string" ? part : tokenText(part))).join("")
}

interface Widget {
  readonly type: string
  readonly properties: {
    readonly title?: string
    readonly metrics?: Array<Array<string | Record<string, unknown>>>
    readonly annotations?: { horizontal: Array<{ value: number }> }
    readonly alarms?: Array<string>
  }
}

/** Each metric a graph shows as `Namespace MetricName dim=value…`, or its expression. */
const metricsOf = (widget: Widget) =>
  (widget.properties.metrics ?? []).map((entry) => {
    const names = entry.filter((part): part is string => typeof part === "string")
    const options = entry.find((part) => typeof part !== "string") as { expression?: string } | undefined
    if (names.length === 0) return `= ${options?.expression}`
    const [namespace, metricName, ...dims] = names
    const pairs = dims.flatMap((dim, i) => (i % 2 === 0 ? [`${dim}=${dims[i + 1]}`] : []))
    return [namespace, metricName, ...pairs].join(" ")
  })

/**
 * An alarm's metric math written out whole: each id in the returned expression replaced by
 * what it stands for, an expression in brackets, a metric as `MetricName@worker:Stat/Period`.
 */
const mathOf = (alarm: Record<string, any>): string => {
  const queries = alarm["Metrics"] as Array<{ Id: string; Expression?: string; ReturnData: boolean; MetricStat?: Record<string, any> }>
  const byId = new Map(queries.map((query) => [query.Id, query]))
  const expand = (expression: string): string =>
    expression.replace(/\b[a-z][A-Za-z0-9_]*\b/g, (id) => {
      const query = byId.get(id)
      if (query === undefined) return id
      if (query.Expression !== undefined) return `(${expand(query.Expression)})`
      const stat = query.MetricStat!
      expect(stat["Metric"]["Namespace"]).toBe("VerifiedFan/Workers")
      const dimensions = stat["Metric"]["Dimensions"] as Array<{ Name: string; Value: string }>
      expect(dimensions.map((dimension) => dimension.Name)).toEqual(["worker"])
      return `${stat["Metric"]["MetricName"]}@${dimensions[0]!.Value}:${stat["Stat"]}/${stat["Period"]}`
    })
  const returned = queries.filter((query) => query.ReturnData)
  expect(returned).toHaveLength(1)
  return expand(returned[0]!.Expression!)
}

/** The alarms whose metric (or metric math) reads `metricName`. */
const alarmsOn = (metricName: string) => alarms.filter((a) => a["MetricName"] === metricName || JSON.stringify(a["Metrics"] ?? []).includes(`"MetricName":"${metricName}"`))

/** `100 × Σ part ÷ Σ whole` over the workers, 100 when nothing was done, each a 5-minute sum. */
const percentMath = (part: string, whole: string, workers: ReadonlyArray<string>) => {
  const sum = (name: string) => `(${workers.map((worker) => `FILL(${name}@${worker}:Sum/300, 0)`).join(" + ")})`
  return `IF(${sum(whole)} > 0, 100 * ${sum(part)} / ${sum(whole)}, 100)`
}

describe("the CDK stack (infra/): the success figures of SPEC §13", () => {
  it("has one dashboard with the six figures, the stream consumers' iterator age, the queues and every function's errors", () => {
    expect(dashboards).toHaveLength(1)
    expect(dashboards[0]!["DashboardName"]).toBe("Test-verified-fan")
    const text = bodyText()
    for (const name of [
      "ValidRecords",
      "RecordsWritten",
      "StreamRecordsSent",
      "StreamRecordsAccepted",
      "SettledToPostSeconds",
      "LoadEndToPostSeconds",
      "CountDrift",
      "DuplicateFanItems",
      "CampaignsChecked",
      "CampaignsBusy",
      "InvalidShare",
      "IteratorAge",
      "ApproximateAgeOfOldestMessage",
      "ApproximateNumberOfMessagesVisible",
      "Errors"
    ]) {
      expect({ name, named: text.includes(`"${name}"`) }).toEqual({ name, named: true })
    }
    const widgets = (JSON.parse(text) as { widgets: Array<Widget> }).widgets
    const shown = widgets.flatMap(metricsOf)
    const emf = (metricName: string, worker: string) => `VerifiedFan/Workers ${metricName} worker=${worker}`
    expect(shown).toEqual(
      expect.arrayContaining([
        ...["ValidRecords", "RecordsWritten"].flatMap((name) => ["loadScoresToDynamoDB", "saveFanlistScores"].map((worker) => emf(name, worker))),
        ...["StreamRecordsSent", "StreamRecordsAccepted", "InvalidShare"].flatMap((name) => ["loadScoresToStream", "saveFanlistScores"].map((worker) => emf(name, worker))),
        emf("SettledToPostSeconds", "verdictReporter"),
        emf("LoadEndToPostSeconds", "verdictReporter"),
        ...["CountDrift", "DuplicateFanItems", "CampaignsChecked", "CampaignsBusy"].map((name) => emf(name, "driftCheck")),
        "= IF(whole > 0, 100 * part / whole, 100)"
      ])
    )
    const lambdaMetric = (metricName: string, name: string) => `AWS/Lambda ${metricName} FunctionName={Ref ${functions[name]!.id}}`
    expect(shown.filter((metric) => metric.includes(" IteratorAge ")).sort()).toEqual(["scoresToDynamoDB", "entryScoring", "savedScores"].map((name) => lambdaMetric("IteratorAge", name)).sort())
    expect(shown.filter((metric) => metric.includes(" Errors ")).sort()).toEqual(workerNames.map((name) => lambdaMetric("Errors", name)).sort())
    expect(workerNames).toHaveLength(8)
    // The verdict queue, its dead letters and the loaders' two failure queues, each for both queue metrics.
    const queueIds = ofType("AWS::SQS::Queue").map(([id]) => id)
    expect(queueIds).toHaveLength(4)
    for (const metricName of ["ApproximateAgeOfOldestMessage", "ApproximateNumberOfMessagesVisible"]) {
      expect(shown.filter((metric) => metric.includes(` ${metricName} `)).sort()).toEqual(queueIds.map((id) => `AWS/SQS ${metricName} QueueName={GetAtt ${id}.QueueName}`).sort())
    }
    // Each figure's graph draws its alarm's threshold.
    const annotationsOf = (title: string) => {
      const found = widgets.filter((widget) => widget.properties.title?.startsWith(title))
      expect(found).toHaveLength(1)
      return found[0]!.properties.annotations?.horizontal.map((line) => line.value)
    }
    expect(annotationsOf("Processing success (%)")).toEqual([99])
    expect(annotationsOf("Stream delivery (%)")).toEqual([99])
    expect(annotationsOf("Notification timeliness")).toEqual([60])
    expect(annotationsOf("Count accuracy")).toEqual([0])
    expect(annotationsOf("De-duplication")).toEqual([0])
    expect(annotationsOf("Invalid records")).toEqual([0.05])
    expect(annotationsOf("Stream consumers: IteratorAge")).toEqual([3_600_000])
    // And the states of every alarm of the stack.
    const status = widgets.filter((widget) => widget.type === "alarm")
    expect(status).toHaveLength(1)
    expect([...status[0]!.properties.alarms!].sort()).toEqual(alarms.map(({ id }) => `{GetAtt ${id}.Arn}`).sort())
  })

  it("alarms when processing success or stream delivery is below 99% in 5 minutes, summed over their workers, never for no traffic", () => {
    const expected = [
      { metric: "RecordsWritten", math: percentMath("RecordsWritten", "ValidRecords", ["loadScoresToDynamoDB", "saveFanlistScores"]) },
      { metric: "StreamRecordsAccepted", math: percentMath("StreamRecordsAccepted", "StreamRecordsSent", ["loadScoresToStream", "saveFanlistScores"]) }
    ]
    for (const { metric, math } of expected) {
      const found = alarmsOn(metric)
      expect(found).toHaveLength(1)
      const alarm = found[0]!
      expect([alarm["ComparisonOperator"], alarm["Threshold"], alarm["EvaluationPeriods"], alarm["TreatMissingData"]]).toEqual(["LessThanThreshold", 99, 1, "notBreaching"])
      expect(mathOf(alarm)).toBe(math)
      expect(alarm["AlarmDescription"]).toContain("docs/OPERATIONS.md")
    }
    expect(alarmsOn("ValidRecords")).toHaveLength(1)
    expect(alarmsOn("StreamRecordsSent")).toHaveLength(1)
  })

  it("alarms when a verdict report is posted more than 60 s after its counts settled or its load ended, and on any count drift or duplicate fan item of a day", () => {
    const expected = [
      ["SettledToPostSeconds", "verdictReporter", 300, 60],
      ["LoadEndToPostSeconds", "verdictReporter", 300, 60],
      ["CountDrift", "driftCheck", 86_400, 0],
      ["DuplicateFanItems", "driftCheck", 86_400, 0]
    ] as const
    for (const [metricName, worker, period, threshold] of expected) {
      const found = alarmsOn(metricName)
      expect(found).toHaveLength(1)
      const alarm = found[0]!
      expect([alarm["Namespace"], alarm["MetricName"], alarm["Dimensions"], alarm["Statistic"], alarm["Period"]]).toEqual([
        "VerifiedFan/Workers",
        metricName,
        [{ Name: "worker", Value: worker }],
        "Maximum",
        period
      ])
      expect([alarm["ComparisonOperator"], alarm["Threshold"], alarm["EvaluationPeriods"], alarm["TreatMissingData"]]).toEqual(["GreaterThanThreshold", threshold, 1, "notBreaching"])
      expect(alarm["AlarmDescription"]).toContain("docs/OPERATIONS.md")
    }
    // The drift check's other figures are on the dashboard only.
    expect([...alarmsOn("CampaignsChecked"), ...alarmsOn("CampaignsBusy")]).toEqual([])
  })

  it("runs the drift check once a day with the event {} (a check, no repair)", () => {
    const rules = ofType("AWS::Events::Rule")
    expect(rules).toHaveLength(1)
    const [ruleId, rule] = rules[0]!
    expect(rule.Properties).toMatchObject({
      ScheduleExpression: "rate(1 day)",
      State: "ENABLED",
      Targets: [{ Arn: arnOf(functions["driftCheck"]!.id), Input: "{}" }]
    })
    expect((rule.Properties["Targets"] as Array<unknown>).length).toBe(1)
    const permissions = ofType("AWS::Lambda::Permission").map(([, r]) => r.Properties).filter((p) => p["Principal"] === "events.amazonaws.com")
    expect(permissions).toEqual([{ Action: "lambda:InvokeFunction", FunctionName: arnOf(functions["driftCheck"]!.id), Principal: "events.amazonaws.com", SourceArn: arnOf(ruleId) }])
  })

  it("gives the drift check the demand table's name, and lets it query the table's indexes and repair counts", () => {
    expect(functions["driftCheck"]!.props["Environment"]["Variables"]).toEqual({ DEMAND_TABLE: { Ref: tableId } })
    const indexes = { "Fn::Join": ["", [arnOf(tableId), "/index/*"]] }
    const onTable = statementsOf("driftCheck").filter((statement) => JSON.stringify(statement.Resource).includes(`"${tableId}"`))
    const granted = (action: string) => onTable.filter((statement) => [statement.Action].flat().includes(action)).flatMap((statement) => [statement.Resource].flat())
    expect(granted("dynamodb:Query")).toEqual(expect.arrayContaining([arnOf(tableId), indexes]))
    for (const action of ["dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:PutItem"]) expect(granted(action)).toContainEqual(arnOf(tableId))
    // Only the table: no stream, bucket, queue or secret (stack.functions.test.ts checks the services of every function).
    expect(JSON.stringify(statementsOf("driftCheck"))).not.toMatch(/Stream|Bucket|Queue|Secret/)
  })
})
