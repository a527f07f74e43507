/**
 * A test-only `--preload` module: it reports on stderr the state of the net
 * permission when the program starts and each time the program writes to
 * stdout, as lines `net-probe: <moment> net=<state>`. Passed with
 * `denoFlags: ["--preload", NET_PROBE]`; never part of the CLI.
 * @module
 */

const encoder = new TextEncoder();

function report(moment: string): void {
  const { state } = Deno.permissions.querySync({ name: "net" });
  Deno.stderr.writeSync(encoder.encode(`net-probe: ${moment} net=${state}\n`));
}

report("start");
const writeSync = Deno.stdout.writeSync.bind(Deno.stdout);
Deno.stdout.writeSync = (bytes: Uint8Array): number => {
  report("stdout");
  return writeSync(bytes);
};
