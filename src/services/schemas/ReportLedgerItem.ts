import type { LedgerState, PostedReport, ReportClaimHeld, ReportRequest } from "../reportOrder.js"

/**
 * The attributes of `meta:slack:counts`, the same in every adapter (so a dump is too):
 * the last posted report (`verified`, `rejected`, `selected`, `version`, `finalReport`,
 * `postedAt`) and a claim in flight (`claimId`, `claimUntil`, `claim*` of what it posts).
 */
export const ledgerAttributes = {
  version: "version",
  final: "finalReport",
  claimId: "claimId",
  claimUntil: "claimUntil",
  claimVerified: "claimV",
  claimRejected: "claimR",
  claimSelected: "claimS",
  claimVersion: "claimVersion",
  claimFinal: "claimFinal"
} as const

/** Attributes of a claim, and of the claims of an older ledger (removed by every confirm or release). */
export const claimAttributeNames: ReadonlyArray<string> = [
  "claimId",
  "claimUntil",
  "claimV",
  "claimR",
  "claimS",
  "claimVersion",
  "claimFinal",
  "claimedAt",
  "prevV",
  "prevR",
  "prevS",
  "prevAt"
]

const numberOr = (value: unknown, fallback: number) => (typeof value === "number" ? value : fallback)

/**
 * The ledger an item holds. An item of an older ledger (no version, no finality) reads as
 * a final report of version −1: any new counts follow it, equal counts do not.
 */
export const ledgerStateOf = (item: Readonly<Record<string, unknown>>): LedgerState => {
  const posted: PostedReport | undefined =
    typeof item["verified"] === "number"
      ? {
          verified: item["verified"],
          rejected: numberOr(item["rejected"], 0),
          selected: numberOr(item["selected"], 0),
          version: numberOr(item[ledgerAttributes.version], -1),
          final: item[ledgerAttributes.final] !== false,
          ...(typeof item["postedAt"] === "string" ? { postedAt: item["postedAt"] } : {})
        }
      : undefined
  const claimId = item[ledgerAttributes.claimId]
  const until = item[ledgerAttributes.claimUntil]
  const claim: ReportClaimHeld | undefined =
    typeof claimId === "string" && typeof until === "number"
      ? {
          claimId,
          until,
          request: {
            counts: {
              verified: numberOr(item[ledgerAttributes.claimVerified], 0),
              rejected: numberOr(item[ledgerAttributes.claimRejected], 0),
              selected: numberOr(item[ledgerAttributes.claimSelected], 0),
              version: numberOr(item[ledgerAttributes.claimVersion], 0)
            },
            final: item[ledgerAttributes.claimFinal] !== false
          }
        }
      : undefined
  return { ...(posted === undefined ? {} : { posted }), ...(claim === undefined ? {} : { claim }) }
}

/** The attributes a claim sets. */
export const claimFields = (request: ReportRequest, claimId: string, until: number): Record<string, unknown> => ({
  [ledgerAttributes.claimId]: claimId,
  [ledgerAttributes.claimUntil]: until,
  [ledgerAttributes.claimVerified]: request.counts.verified,
  [ledgerAttributes.claimRejected]: request.counts.rejected,
  [ledgerAttributes.claimSelected]: request.counts.selected,
  [ledgerAttributes.claimVersion]: request.counts.version,
  [ledgerAttributes.claimFinal]: request.final
})

/** The attributes of a posted report. */
export const postedFields = (report: PostedReport): Record<string, unknown> => ({
  verified: report.verified,
  rejected: report.rejected,
  selected: report.selected,
  [ledgerAttributes.version]: report.version,
  [ledgerAttributes.final]: report.final,
  ...(report.postedAt === undefined ? {} : { postedAt: report.postedAt })
})
