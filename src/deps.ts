/**
 * Everything commands take from the outside world, passed in so tests can
 * substitute each piece (a fixed clock, captured output, a fake environment).
 * @module
 */

/** A destination for text, such as stdout or stderr. */
export interface TextSink {
  write(text: string): void;
}

/** The process's outside world as commands see it. */
export interface Deps {
  /** The current time in epoch milliseconds. Read once per decision. */
  now(): number;
  /** Reads an environment variable; only names listed in `ENV_NAMES` are allowed. */
  env(name: string): string | undefined;
  /** The working directory (where `.env` is read from). */
  cwd: string;
  /** The operating system, as `Deno.build.os`. */
  os: typeof Deno.build.os;
  /** Data output: tokens, JSON. */
  stdout: TextSink;
  /** Status, warnings, hints and errors. */
  stderr: TextSink;
  /** Whether stdin, stdout, stderr are terminals. */
  terminal: { stdin: boolean; stdout: boolean; stderr: boolean };
  /** The fetch used for every HTTP request. */
  fetch: typeof fetch;
  /**
   * Revokes the process's network permission for the rest of its life. Paths
   * that hold a token and need no network call it before they print the token.
   */
  dropNetwork?(): void;
}

function syncSink(file: { writeSync(p: Uint8Array): number }): TextSink {
  const encoder = new TextEncoder();
  return {
    write(text) {
      let bytes = encoder.encode(text);
      while (bytes.length > 0) bytes = bytes.subarray(file.writeSync(bytes));
    },
  };
}

/**
 * Builds the real dependencies of the running process.
 *
 * @returns Deps backed by Deno's APIs.
 */
export function processDeps(): Deps {
  return {
    now: () => Date.now(),
    env: (name) => Deno.env.get(name),
    cwd: Deno.cwd(),
    os: Deno.build.os,
    stdout: syncSink(Deno.stdout),
    stderr: syncSink(Deno.stderr),
    terminal: {
      stdin: Deno.stdin.isTerminal(),
      stdout: Deno.stdout.isTerminal(),
      stderr: Deno.stderr.isTerminal(),
    },
    fetch: (input, init) => fetch(input, init),
    dropNetwork: () => Deno.permissions.revokeSync({ name: "net" }),
  };
}
