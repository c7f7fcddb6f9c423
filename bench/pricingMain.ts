import { priceScenarios, pricingTable } from "./pricing.js"

/**
 * The priced scenarios in a process of their own: `node pricingMain.js <root> <rows> [--markdown]`.
 * Prints the PricingResult as one JSON line (the last), or with --markdown its table.
 */
const [root, rows, format] = process.argv.slice(2) as [string, string, string | undefined]
const result = await priceScenarios(root, Number(rows))
process.stdout.write(format === "--markdown" ? pricingTable(result) : `${JSON.stringify(result)}\n`)
