/** The runner's fixture set: four files of two campaigns (invalid rows, a fanlist, a second file of a campaign) and their campaigns. */
export const runnerFixtures = "test/fixtures/runner"

export const runnerFiles = [
  `${runnerFixtures}/scrubbed/registrants.c2001.AutumnArena.20261122T0900.cleaned.prepared.merged.csv`,
  `${runnerFixtures}/scrubbed/registrants.c2002.WinterClub.20261122T0915.cleaned.prepared.merged.csv`,
  `${runnerFixtures}/fanlist/scored/c2002/20261123T1000.csv`,
  `${runnerFixtures}/scrubbed/registrants.c2001.AutumnArena.20261123T0900.cleaned.prepared.merged.csv`
]

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
