/**
 * Defaults fixed when the binary is built. The public build leaves them unset.
 * An in-house build (`deno task compile --server-url URL`) swaps this module,
 * through an import map, for a generated one that names the organisation's
 * server; `deno run` with the same import map behaves the same, so it is tested
 * without compiling.
 * @module
 */

/** Build-time defaults. */
export interface BuildDefaults {
  /** The server used when neither flag, environment nor `.env` sets one. */
  readonly serverUrl?: string;
}

/** The defaults of this build. */
export const BUILD_DEFAULTS: BuildDefaults = {};
