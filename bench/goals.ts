import type { CaseResult } from "./report.js"

const median = (values: ReadonlyArray<number>) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

export const n = (value: number, digits = 0) => value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits })

export const rate = (result: CaseResult) => result.file.rows / median(result.seconds)

export const medianSeconds = (result: CaseResult) => median(result.seconds)

const find = (results: ReadonlyArray<CaseResult>, name: string, rows: number) =>
  results.find((result) => result.name === name && result.file.rows === rows)

const verdict = (ok: boolean) => (ok ? "met" : "**not met**")

/** One goal's cell for one configuration of (c): the figure and whether it meets the goal. */
type Goal = (c: { small: CaseResult; large: CaseResult; a: CaseResult; b: CaseResult }) => string

const goals: ReadonlyArray<readonly [string, Goal]> = [
  ["(c) ≥ 250,000 rows/s", ({ large, small }) => `${n(rate(large))} (${n(rate(small))} on ${n(small.file.rows)} rows): ${verdict(rate(large) >= 250_000)}`],
  ["(c) ≥ 2.5 × (b)", ({ large, b }) => `${n(rate(large) / rate(b), 2)} ×: ${verdict(rate(large) / rate(b) >= 2.5)}`],
  ["(c) within 3 × of (a)", ({ large, a }) => `(a) is ${n(rate(a) / rate(large), 1)} × (c): ${verdict(rate(a) / rate(large) <= 3)}`],
  ["peak RSS of (c) on the large file < 250 MB", ({ large }) => `${n(large.peakRssMB)} MB: ${verdict(large.peakRssMB < 250)}`],
  ["RSS large ≤ 1.1 × RSS small (flat in file size)", ({ large, small }) => `${n(large.peakRssMB / small.peakRssMB, 2)} ×: ${verdict(large.peakRssMB / small.peakRssMB <= 1.1)}`]
]

/** The throughput, memory and cost goals against the figures of each configuration of (c) (its case names), on the largest file. */
export const goalsTable = (results: ReadonlyArray<CaseResult>, configurations: Record<string, string>): Array<string> => {
  const sizes = [...new Set(results.filter((r) => r.name === "load").map((r) => r.file.rows))].sort((x, y) => x - y)
  const [smallest, largest] = [sizes[0] ?? 0, sizes.at(-1) ?? 0]
  const [a, b] = [find(results, "parse", largest), find(results, "baseline", largest)]
  const columns = Object.entries(configurations).flatMap(([name, label]) => {
    const [small, large] = [find(results, name, smallest), find(results, name, largest)]
    return small === undefined || large === undefined || a === undefined || b === undefined ? [] : [{ label, figures: { small, large, a, b } }]
  })
  if (columns.length === 0) return []
  return [
    "",
    `| goal, on ${n(largest)} rows | ${columns.map((column) => column.label).join(" | ")} |`,
    `| --- | ${columns.map(() => "---").join(" | ")} |`,
    ...goals.map(([goal, cell]) => `| ${goal} | ${columns.map((column) => cell(column.figures)).join(" | ")} |`)
  ]
}

/** c ÷ a and c ÷ b of one configuration of (c), per file size. */
export const ratioRows = (results: ReadonlyArray<CaseResult>, name: string, label: string): Array<string> =>
  [...new Set(results.filter((r) => r.name === name).map((r) => r.file.rows))]
    .sort((x, y) => x - y)
    .flatMap((size) => {
      const [a, b, c] = [find(results, "parse", size), find(results, "baseline", size), find(results, name, size)]
      if (a === undefined || b === undefined || c === undefined) return []
      return [`| ${label}, ${n(size)} rows | ${n(rate(c))} | ${n(rate(c) / rate(a), 2)} (a is ${n(rate(a) / rate(c), 1)}× c) | ${n(rate(c) / rate(b), 2)} |`]
    })
