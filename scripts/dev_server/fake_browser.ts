/**
 * A fake web browser for the CLI's browser login: walks the authorization URL's pages like a
 * user approving (or denying) and then fetches the final redirect, i.e. the CLI's loopback
 * callback. Run as `deno run -A scripts/dev_server/fake_browser.ts [--deny] [--login NAME] URL`;
 * tests put it first on PATH as `xdg-open` with `writeFakeXdgOpen`.
 *
 * @module
 */

import { walkPages } from "./page_walker.ts";

/** Walks `URL`, fetches the redirect the walk ends on, and returns the exit code. */
export async function main(args: string[]): Promise<number> {
  let deny = false;
  let login = "test-user";
  let url: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--deny") deny = true;
    else if (args[i] === "--login") login = args[++i];
    else url = args[i];
  }
  if (url === undefined) {
    console.error("usage: fake_browser.ts [--deny] [--login NAME] URL");
    return 2;
  }
  try {
    const final = await walkPages(url, { fill: { login, password: "x" }, deny });
    if (new URL(final).origin === new URL(url).origin) {
      console.error(`fake browser: the walk ended on the server, at ${final}`);
      return 1;
    }
    console.error(`fake browser: opening ${final}`);
    const response = await fetch(final);
    console.error(`fake browser: ${response.status} ${await response.text()}`);
    return 0;
  } catch (error) {
    console.error(`fake browser: ${error instanceof Error ? error.message : error}`);
    return 1;
  }
}

/**
 * Writes an executable `dir/xdg-open` that opens its URL in this fake browser, and returns its
 * path. Put `dir` first on PATH for the CLI under test.
 *
 * Like a real xdg-open it returns at once (exit 0) and leaves the "browser" running on its
 * own: the CLI's launch code sees the same thing as with a real desktop, and must already be
 * listening for the callback. The walk runs in a background subshell with stdin from
 * /dev/null and its output appended to `dir/fake-browser.log` (so it holds none of the
 * caller's pipes open: a caller collecting xdg-open's output would otherwise wait for the
 * whole walk). The log gets `xdg-open URL` at launch and `fake browser exited with N` at the
 * end, for tests to wait on.
 */
export async function writeFakeXdgOpen(
  dir: string,
  options: { denoPath: string; deny?: boolean },
): Promise<string> {
  const script = decodeURIComponent(new URL("./fake_browser.ts", import.meta.url).pathname);
  const log = shellQuote(`${dir}/fake-browser.log`);
  const flags = options.deny ? " --deny" : "";
  const path = `${dir}/xdg-open`;
  await Deno.writeTextFile(
    path,
    `#!/bin/sh
# Fake xdg-open (scripts/dev_server/fake_browser.ts): walks the login pages of URL in the
# background and fetches the final redirect; returns at once, like the real one.
echo "xdg-open $1" >>${log}
(
  ${shellQuote(options.denoPath)} run -A ${shellQuote(script)}${flags} "$1"
  echo "fake browser exited with $?"
) </dev/null >>${log} 2>&1 &
exit 0
`,
  );
  await Deno.chmod(path, 0o755);
  return path;
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
