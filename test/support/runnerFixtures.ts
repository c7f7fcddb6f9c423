/** The runner's fixture set: four files of two campaigns (invalid rows, a fanlist, a second file of a campaign) and their campaigns. */
export const runnerFixtures = "test/fixtures/runner"

export const runnerFiles = [
  `${runnerFixtures}/scrubbed/registrants.c2001.AutumnArena.20261122T0900.cleaned.prepared.merged.csv`,
  `${runnerFixtures}/scrubbed/registrants.c2002.WinterClub.20261122T0915.cleaned.prepared.merged.csv`,
  `${runnerFixtures}/fanlist/scored/c2002/20261123T1000.csv`,
  `${runnerFixtures}/scrubbed/registrants.c2001.AutumnArena.20261123T0900.cleaned.prepared.merged.csv`
]

/** The dump's file of the rejects file of a file with refused rows (SPEC §12). */
export const dumpedRejects = (key: string) => `rejects/${key}.csv`

/** The bundled examples' keys: both have refused rows. */
export const exampleKeys = ["fanlist/scored/c1001/20261121T1000.csv", "scrubbed/registrants.c1001.SummerTour2026.20261120T0900.cleaned.prepared.merged.csv"]

/** A dump's files: those of SPEC §9 and the rejects files of `rejected` (keys), in name order. */
export const dumpFilesWith = (rejected: ReadonlyArray<string>) => [...dumpFiles, ...rejected.map(dumpedRejects)].sort()

/** The files a dump folder holds (SPEC §9), in name order. */
export const dumpFiles = [
  "campaign-data-stream.json",
  "demand-table.json",
  "entry-service.json",
  "report.json",
  "scores-stream.json",
  "slack.json",
  "verdict-queue.json"
]
