import { Effect } from "effect"

/** The ids of a listing's shards, those without one left out. */
export const shardIdsOf = (shards: ReadonlyArray<{ readonly ShardId?: string | undefined }> | undefined): Array<string> =>
  (shards ?? []).flatMap((shard) => (shard.ShardId === undefined ? [] : [shard.ShardId]))

/** Every page of a listing, each call given the token the last page ended with (none at first). */
export const allPages = <P, E>(call: (token: string | undefined) => Effect.Effect<P, E>, tokenOf: (page: P) => string | undefined) =>
  Effect.gen(function* () {
    const pages: Array<P> = []
    let token: string | undefined
    do {
      const page = yield* call(token)
      pages.push(page)
      token = tokenOf(page)
    } while (token !== undefined)
    return pages
  })
