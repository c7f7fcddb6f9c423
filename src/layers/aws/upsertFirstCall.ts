/**
 * Which call an upsert makes first (docs/DECISIONS.md, "An upsert reads first once most
 * fans are already there"):
 * - `put`: a conditional PutItem. A create takes 1 call, but when the key exists the
 *   refused put still bills the stored item's write units.
 * - `read`: a strongly consistent GetItem, then only the writes needed. An unchanged fan
 *   costs one read unit instead of a write unit (a fifth of the price on demand), but a
 *   create pays the read on top of its put.
 * - `adaptive` (the default): whichever is cheaper for the fans seen lately.
 */
export type UpsertFirstCall = "put" | "read" | "adaptive"

/**
 * On-demand prices: a read request unit (4 KB, strongly consistent) costs 0.2 of a write
 * request unit (1 KB). Reading first is cheaper once more than this share of upserts find
 * their item there: each such fan saves 1 - 0.2 of a write, each absent one pays 0.2 more.
 */
export const readFirstAbove = 0.2

/** How fast the estimate follows the fans: each outcome weighs 1/16 (about the last 16 upserts). */
const weight = 1 / 16

/**
 * The adaptive choice of one table adapter: an exponentially weighted share of upserts
 * that found their item, from every upsert's outcome whatever its first call (a put refused
 * or a read that found it). It starts at 0, so a first load of new fans puts first; a
 * re-run turns to reading first after 4 upserts that found their items.
 */
export class FirstCallChooser {
  private foundShare = 0

  constructor(private readonly policy: UpsertFirstCall = "adaptive") {}

  /** The first call of the next upsert. */
  next(): "put" | "read" {
    if (this.policy !== "adaptive") return this.policy
    return this.foundShare > readFirstAbove ? "read" : "put"
  }

  /** Tells the outcome of an upsert's first look: whether the item was there. */
  observe(found: boolean) {
    this.foundShare += weight * ((found ? 1 : 0) - this.foundShare)
  }

  /** The share of recent upserts that found their item (0..1). */
  get share(): number {
    return this.foundShare
  }
}
