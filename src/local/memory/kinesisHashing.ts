import { createHash } from "node:crypto"
import type { StreamEntry } from "../../services/RecordStream.js"

/** Kinesis's hash key space: 128-bit MD5 values of partition keys. */
const hashSpace = 2n ** 128n

/** The shard of a hash key, on shards of equal hash ranges (as CreateStream makes them). */
const shardOfHash = (hash: bigint, shards: number) => Number((hash * BigInt(shards)) / hashSpace)

/** The shard of an entry: its explicit hash key, else its partition key's MD5 as a 128-bit number. */
export const shardIndex = (entry: StreamEntry, shards: number) =>
  shardOfHash(
    entry.explicitHashKey === undefined
      ? BigInt(`0x${createHash("md5").update(entry.partitionKey).digest("hex")}`)
      : BigInt(entry.explicitHashKey),
    shards
  )

/** The lowest hash key of shard i of n. */
export const startingHashKey = (i: number, shards: number) => String((hashSpace * BigInt(i) + BigInt(shards) - 1n) / BigInt(shards))

/** Shard i's id, as Kinesis names shards. */
export const shardIdOf = (i: number) => `shardId-${String(i).padStart(12, "0")}`
