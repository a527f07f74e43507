/**
 * `deno task compile`: release binaries and archives.
 *
 * ```
 * deno task compile [--target TRIPLE|OS_ARCH] [--server-url URL] [--out DIR] [--dry-run]
 * ```
 *
 * For every target (or the one `--target` names): `deno compile` of
 * `src/main.ts` with the permission set of `scripts/permissions.ts`, then an
 * archive `authgate_<version>_<os>_<arch>.tar.gz` (`.zip` for Windows) with the
 * executable, README.md and LICENSE, and finally `checksums.txt` (SHA-256, in
 * `sha256sum -c` format). The version is `deno.json`'s. `--server-url` makes an
 * in-house build: that server is the default and the only host net reaches.
 * `--dry-run` prints the exact commands and writes nothing.
 * @module
 */

import { isAbsolute, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { type ArchiveEntry, createArchive } from "./release/archive.ts";
import { formatChecksums, sha256Hex } from "./release/checksums.ts";
import { compileArgs, shellCommand } from "./release/compile_command.ts";
import { BuildError, exitWithError } from "./release/build_error.ts";
import { describeCompileFailure } from "./release/compile_failure.ts";
import { type InHouseServer, parseInHouseServer, writeInHouseFiles } from "./release/in_house.ts";
import { archiveName, findTarget, type ReleaseTarget, TARGETS } from "./release/targets.ts";

/** The project root: every relative path of the build is relative to it. */
export const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** A build path as the file system sees it. */
function at(path: string): string {
  return isAbsolute(path) ? path : join(ROOT, path);
}

/** Parsed command line of the build. */
export interface BuildOptions {
  targets: readonly ReleaseTarget[];
  /** Output directory, relative to the project root. */
  out: string;
  dryRun: boolean;
  server?: InHouseServer;
}

/** One target's work. */
export interface BuildStep {
  target: ReleaseTarget;
  /** Arguments after `deno`. */
  args: string[];
  /** The compiled executable. */
  executable: string;
  /** The archive's path and its file name. */
  archive: string;
  archiveFile: string;
}

/** The whole build. */
export interface BuildPlan {
  version: string;
  steps: BuildStep[];
  /** In-house builds: where the generated import map goes. */
  importMap?: string;
  checksums: string;
}

const USAGE = "deno task compile [--target TRIPLE|OS_ARCH] [--server-url URL] [--out DIR] " +
  "[--dry-run]";

/**
 * Parses the build's arguments.
 *
 * @param argv The arguments.
 * @returns The options.
 * @throws {BuildError} for unknown options or targets.
 */
export function parseBuildArgs(argv: readonly string[]): BuildOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        target: { type: "string" },
        "server-url": { type: "string" },
        out: { type: "string", default: "dist" },
        "dry-run": { type: "boolean", default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new BuildError((error as Error).message, `usage: ${USAGE}`);
  }
  let targets = TARGETS;
  if (values.target !== undefined) {
    const target = findTarget(values.target);
    if (!target) {
      throw new BuildError(
        `unknown target "${values.target}"`,
        `one of: ${TARGETS.map((t) => `${t.triple} (${t.os}_${t.arch})`).join(", ")}`,
      );
    }
    targets = [target];
  }
  return {
    targets,
    out: values.out.replace(/\/+$/, ""),
    dryRun: values["dry-run"],
    server: values["server-url"] === undefined
      ? undefined
      : parseInHouseServer(values["server-url"]),
  };
}

/**
 * Plans the build: the exact commands and files, nothing run.
 *
 * @param options The parsed options.
 * @param version The version from `deno.json`.
 * @returns The plan.
 */
export function planBuild(options: BuildOptions, version: string): BuildPlan {
  const importMap = options.server ? `${options.out}/.build/import_map.json` : undefined;
  const steps = options.targets.map((target) => {
    const executable = `${options.out}/${target.triple}/${target.executable}`;
    const archiveFile = archiveName(version, target);
    return {
      target,
      executable,
      archive: `${options.out}/${archiveFile}`,
      archiveFile,
      args: compileArgs(target, {
        output: executable,
        netHost: options.server?.netHost,
        importMap,
      }),
    };
  });
  return { version, steps, importMap, checksums: `${options.out}/checksums.txt` };
}

/**
 * The dry run's output: the commands, runnable as printed from the project
 * root, and what each step writes.
 *
 * @param plan The plan.
 * @param deno The Deno executable.
 * @param server The in-house server, if any.
 * @returns Lines of text.
 */
export function describePlan(plan: BuildPlan, deno: string, server?: InHouseServer): string[] {
  const lines: string[] = [`# authgate ${plan.version}`];
  if (plan.importMap && server) {
    lines.push(`# generate ${plan.importMap}: default server ${server.serverUrl}`);
  }
  for (const step of plan.steps) {
    lines.push(shellCommand([deno, ...step.args]));
    lines.push(`# archive ${step.archive}: ${step.target.executable}, README.md, LICENSE`);
  }
  lines.push(`# checksums ${plan.checksums}: SHA-256 of ${plan.steps.length} archive(s)`);
  return lines;
}

/** Reads the project's version and import map from `deno.json`. */
export async function readDenoConfig(): Promise<
  { version: string; imports: Record<string, string> }
> {
  const config = JSON.parse(await Deno.readTextFile(at("deno.json")));
  if (typeof config.version !== "string" || !/^\d+\.\d+\.\d+/.test(config.version)) {
    throw new BuildError(`deno.json has no valid "version" (found ${config.version})`);
  }
  return { version: config.version, imports: config.imports ?? {} };
}

/**
 * Runs `deno compile` for one step.
 *
 * @throws {BuildError} with one line describing the failure.
 */
async function compile(step: BuildStep): Promise<void> {
  // DENO_UNSTABLE_* would switch features on for the compile (lazy dynamic
  // imports: a binary without its dynamically imported modules).
  const env = Object.fromEntries(
    Object.entries(Deno.env.toObject()).filter(([name]) =>
      name !== "RUST_BACKTRACE" && !name.startsWith("DENO_UNSTABLE_")
    ),
  );
  const output = await new Deno.Command(Deno.execPath(), {
    args: step.args,
    cwd: ROOT,
    clearEnv: true,
    env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!output.success) {
    const stderr = new TextDecoder().decode(output.stderr);
    throw describeCompileFailure(stderr, step.target.triple, Deno.version.deno);
  }
}

async function archiveStep(step: BuildStep, mtime: Date): Promise<Uint8Array> {
  const read = (path: string) => Deno.readFile(at(path));
  const entries: ArchiveEntry[] = [
    { name: step.target.executable, data: await read(step.executable), mode: 0o755 },
    { name: "README.md", data: await read("README.md"), mode: 0o644 },
    { name: "LICENSE", data: await read("LICENSE"), mode: 0o644 },
  ];
  const archive = await createArchive(step.target.archive, entries, mtime);
  await Deno.writeFile(at(step.archive), archive);
  return archive;
}

/** The archive timestamp: SOURCE_DATE_EPOCH (reproducible builds) or now. */
function archiveTime(): Date {
  const epoch = Deno.env.get("SOURCE_DATE_EPOCH");
  return epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : new Date();
}

/**
 * Runs a plan: compile, archive, checksums.
 *
 * @param plan The plan.
 * @param options The options it came from.
 * @param imports `deno.json`'s imports (for an in-house import map).
 */
export async function runBuild(
  plan: BuildPlan,
  options: BuildOptions,
  imports: Record<string, string>,
): Promise<void> {
  if (options.server && plan.importMap) {
    await writeInHouseFiles(at(`${options.out}/.build`), options.server, imports);
  }
  const mtime = archiveTime();
  const sums = new Map<string, string>();
  for (const step of plan.steps) {
    await Deno.mkdir(at(`${options.out}/${step.target.triple}`), { recursive: true });
    await compile(step);
    const archive = await archiveStep(step, mtime);
    sums.set(step.archiveFile, await sha256Hex(archive));
    console.error(`built ${step.archive}`);
  }
  await Deno.writeTextFile(at(plan.checksums), formatChecksums(sums));
  console.error(`wrote ${plan.checksums}`);
}

if (import.meta.main) {
  try {
    const options = parseBuildArgs(Deno.args);
    const { version, imports } = await readDenoConfig();
    const plan = planBuild(options, version);
    if (options.dryRun) {
      console.log(describePlan(plan, Deno.execPath(), options.server).join("\n"));
    } else {
      await runBuild(plan, options, imports);
    }
  } catch (error) {
    exitWithError(error);
  }
}
