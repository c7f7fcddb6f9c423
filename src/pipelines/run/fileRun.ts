import { createHash, randomUUID } from "node:crypto"

/**
 * The run of a scoring file: one id per version of the object, the same on every retry of
 * its load (S3 redelivers the same event: the same key and version), so that what a
 * failed load wrote is its retry's too. Without a version (a caller that has none), a new id.
 */
export const fileRun = (source: string, version: string | undefined): string =>
  version === undefined || version === ""
    ? randomUUID()
    : createHash("sha256").update(`${source}\u0000${version}`).digest("base64url").slice(0, 22)
