import { Chunk, Effect, Stream } from "effect"
import { CampaignCounts, type DemandItem, ScoringBucket } from "vf-scoring-workers"

/** Where a campaign's export goes in the scoring bucket. */
export const exportKey = (campaignId: string) => `exports/verified/${campaignId}.csv`

const idColumns: ReadonlyArray<readonly [string, string]> = [["fan:", "globalUserId"], ["sid:", "memberId"], ["email:", "email"]]
const header = "idKind,id,verdict\n"

const field = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text)

/** One CSV line of a fan item: what its key names it by, the id, its verdict (empty when none). */
const lineOf = (item: DemandItem) => {
  const [prefix, kind] = idColumns.find(([p]) => item.PK.startsWith(p))!
  const verdict = typeof item["verdict"] === "string" ? item["verdict"] : ""
  return `${kind},${field(item.PK.slice(prefix.length))},${field(verdict)}\n`
}

/**
 * The verified fans of a campaign as CSV in the scoring bucket: the campaign's fan items,
 * page by page (CampaignCounts.campaignFans) → the verified ones → CSV text, one piece a
 * page → ScoringBucket.writeObject (on S3 a multipart upload). Memory holds a page and a
 * part, whatever the number of fans.
 */
export const exportVerifiedFans = (campaignId: string) =>
  Effect.gen(function* () {
    const counts = yield* CampaignCounts
    const bucket = yield* ScoringBucket
    const encoder = new TextEncoder()
    let fans = 0
    const lines = counts.campaignFans(campaignId).pipe(
      Stream.filter((item) => item["isVerified"] === true),
      Stream.mapChunks((items) => {
        fans += items.length
        return Chunk.of(encoder.encode(Chunk.join(Chunk.map(items, lineOf), "")))
      })
    )
    const key = exportKey(campaignId)
    const written = yield* bucket.writeObject(key, Stream.concat(Stream.make(encoder.encode(header)), lines), { contentType: "text/csv" })
    yield* Effect.logInfo(`${fans} verified fans of ${campaignId} written to ${key} (${written.bytes} bytes, ${written.parts} parts)`)
    return { campaignId, key, fans, ...written }
  })
