/**
 * Package-manager manifests from a release's `checksums.txt`.
 *
 * ```
 * deno run --allow-read --allow-write --allow-env scripts/manifests.ts \
 *   --checksums dist/checksums.txt --repo OWNER/NAME [--version X.Y.Z] [--out dist]
 * ```
 *
 * Writes `<out>/authgate.rb` (Homebrew formula) and `<out>/authgate.json`
 * (Scoop manifest). The version defaults to `deno.json`'s; the repository to
 * `GITHUB_REPOSITORY` (set in GitHub Actions).
 * @module
 */

import { parseArgs } from "node:util";
import { readDenoConfig } from "./build.ts";
import { parseChecksums } from "./release/checksums.ts";
import { BuildError, exitWithError } from "./release/build_error.ts";
import { homebrewFormula } from "./release/homebrew.ts";
import { scoopManifest } from "./release/scoop.ts";

if (import.meta.main) {
  try {
    const { values } = parseArgs({
      args: Deno.args,
      options: {
        checksums: { type: "string", default: "dist/checksums.txt" },
        repo: { type: "string" },
        version: { type: "string" },
        out: { type: "string", default: "dist" },
      },
    });
    const repository = values.repo ?? Deno.env.get("GITHUB_REPOSITORY");
    if (!repository || !/^[\w.-]+\/[\w.-]+$/.test(repository)) {
      throw new BuildError("no repository", "pass --repo OWNER/NAME (or set GITHUB_REPOSITORY)");
    }
    const version = values.version ?? (await readDenoConfig()).version;
    const checksums = parseChecksums(await Deno.readTextFile(values.checksums));
    const release = { version, repository, checksums };
    await Deno.writeTextFile(`${values.out}/authgate.rb`, homebrewFormula(release));
    await Deno.writeTextFile(
      `${values.out}/authgate.json`,
      JSON.stringify(scoopManifest(release), null, 4) + "\n",
    );
    console.error(`wrote ${values.out}/authgate.rb and ${values.out}/authgate.json`);
  } catch (error) {
    exitWithError(error);
  }
}
