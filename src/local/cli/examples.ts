import { FileSystem, Path } from "@effect/platform"
import { Effect } from "effect"

/** The bundled example files, scrubbed first, in name order. */
export const exampleFiles = Effect.gen(function* () {
  const fs = yield* FileSystem.FileSystem
  const path = yield* Path.Path
  const folders = ["examples/scrubbed", "examples/fanlist/scored"]
  const found = yield* Effect.forEach(folders, (folder) =>
    fs.exists(folder).pipe(
      Effect.flatMap((exists) => (exists ? fs.readDirectory(folder, { recursive: true }) : Effect.succeed([]))),
      Effect.map((names) => names.filter((name) => name.endsWith(".csv")).sort().map((name) => path.join(folder, name)))
    )
  )
  return found.flat()
})
