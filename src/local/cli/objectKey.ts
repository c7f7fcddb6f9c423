import { Either } from "effect"
import * as Path from "node:path"

const keyRoots = ["scrubbed", "fanlist"]

/**
 * A file's S3 key: its path from its `scrubbed/` or `fanlist/` folder on
 * (`data/scrubbed/registrants.c1….csv` → `scrubbed/registrants.c1….csv`).
 */
export const objectKeyOf = (file: string): Either.Either<string, string> => {
  const parts = Path.resolve(file).split(Path.sep)
  const root = parts.findLastIndex((part, i) => keyRoots.includes(part) && i < parts.length - 1)
  return root === -1
    ? Either.left(`${file}: not inside a scrubbed/ or fanlist/ folder, so it has no S3 key (SPEC §8)`)
    : Either.right(parts.slice(root).join("/"))
}
