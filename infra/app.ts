import { join } from "node:path"
import { App } from "aws-cdk-lib"
import * as lambda from "aws-cdk-lib/aws-lambda"
import { bundleHandlers } from "./bundle.js"
import { VfScoringStack } from "./stack/VfScoringStack.js"

/**
 * `npm run synth`: bundles every handler, then writes the CloudFormation template to
 * cdk.out/ (offline: no AWS account is asked anything). `cdk deploy --app cdk.out` deploys
 * it (docs/OPERATIONS.md). Context: `streamShards` (default: on-demand streams);
 * `tableIndexUpgrade` (1 or 2: the steps of an older stack's index upgrade).
 */
const bundles = await bundleHandlers()
const app = new App({ outdir: join(new URL("..", import.meta.url).pathname, "cdk.out") })
const shards = app.node.tryGetContext("streamShards") as string | number | undefined
const step = app.node.tryGetContext("tableIndexUpgrade") as string | number | undefined
if (step !== undefined && !["1", "2"].includes(String(step))) throw new Error(`context tableIndexUpgrade: 1 or 2, not ${step}`)
const dirs = Object.fromEntries(bundles.map((bundle) => [bundle.name, bundle.dir]))
new VfScoringStack(app, "VfScoringWorkers", {
  streamShards: shards === undefined ? undefined : Number(shards),
  ...(step === undefined ? {} : { indexUpgradeStep: Number(step) as 1 | 2 }),
  code: (name) => lambda.Code.fromAsset(dirs[name]!),
  description: "Verified Fan scoring workers (vf-scoring-workers)"
})
const assembly = app.synth()
for (const bundle of bundles) {
  const sizes = Object.entries(bundle.files).map(([file, bytes]) => `${file} ${(bytes / 1e6).toFixed(2)} MB`)
  process.stdout.write(`${bundle.name}: ${sizes.join(", ")}\n`)
}
process.stdout.write(`template: ${assembly.getStackByName("VfScoringWorkers").templateFullPath}\n`)
