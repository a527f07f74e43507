import assert from "node:assert/strict";
import { describeCompileFailure } from "../../../scripts/release/compile_failure.ts";

/** What deno compile 2.9.6 printed on this machine, colours and backtrace included. */
const DOWNLOAD_FAILURE = [
  "\x1b[0m\x1b[32mCompile\x1b[0m src/main.ts to out",
  "\x1b[0m\x1b[32mDownload\x1b[0m https://dl.deno.land/release/v2.9.6/denort-x86_64-unknown-linux-gnu.zip",
  "\x1b[0m\x1b[1m\x1b[31merror\x1b[0m: Writing deno compile executable to temporary file 'out.tmp-c3223cda216bb4bb'",
  "",
  "Caused by:",
  "    0: Setting up base binary.",
  "    1: error sending request for url (https://dl.deno.land/release/v2.9.6/denort-x86_64-unknown-linux-gnu.zip): client error (Connect): dns error: failed to lookup address information: Name or service not known",
  "    2: client error (Connect)",
  "    3: dns error",
  "    4: failed to lookup address information: Name or service not known",
  "",
  "Stack backtrace:",
  "   0: <unknown>",
  "",
].join("\n");

Deno.test("describeCompileFailure() names the runtime download that failed, in one line", () => {
  const error = describeCompileFailure(DOWNLOAD_FAILURE, "x86_64-unknown-linux-gnu", "2.9.6");
  assert.equal(
    error.message,
    "cannot download the deno compile runtime denort-x86_64-unknown-linux-gnu.zip (Deno 2.9.6): " +
      "failed to lookup address information: Name or service not known",
  );
  assert.match(error.hint!, /dl\.deno\.land/);
  assert.match(error.hint!, /\$DENO_DIR\/dl\/release\/v2\.9\.6\//);
  assert.ok(!error.message.includes("\n"));
});

Deno.test("describeCompileFailure() reports another failure with its innermost cause", () => {
  const stderr = "\x1b[0m\x1b[1m\x1b[31merror\x1b[0m: Writing deno compile executable\n\n" +
    "Caused by:\n    0: Writing binary bytes\n    1: Invalid object: Failed to parse PE\n\n" +
    "Stack backtrace:\n   0: <unknown>\n";
  const error = describeCompileFailure(stderr, "x86_64-pc-windows-msvc", "2.9.6");
  assert.equal(
    error.message,
    "deno compile failed for x86_64-pc-windows-msvc: Writing deno compile executable: " +
      "Invalid object: Failed to parse PE",
  );
  assert.equal(error.hint, undefined);
});
