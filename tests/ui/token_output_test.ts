import type { StoredToken } from "../../src/token/stored_token.ts";
import type { EnvShell, TokenFormat } from "../../src/config/setting_flags.ts";
import {
  ENV_VARIABLES,
  execCredential,
  formatToken,
  tokenJson,
} from "../../src/ui/token_output.ts";
import { assertEquals, assertExcludes, assertIncludes } from "../support/assert.ts";
import { runShell } from "../support/shell.ts";

const EXPIRES = Date.parse("2030-01-02T03:04:05.678Z");
const TOKEN: StoredToken = {
  accessToken: "at-'quoted' $HOME `x` \\ \"dq\" end",
  refreshToken: "rt-secret",
  tokenType: "Bearer",
  expiresAt: EXPIRES,
  clientId: "client-1",
};
const NOW = EXPIRES - 60_000;

function format(format: TokenFormat, shell: EnvShell = "sh") {
  return formatToken(TOKEN, { format, shell, now: NOW });
}

Deno.test("formatToken() plain and header print the token, never the refresh token", () => {
  assertEquals(format("plain"), TOKEN.accessToken + "\n");
  assertEquals(format("header"), `Authorization: Bearer ${TOKEN.accessToken}\n`);
  for (const f of ["plain", "json", "env", "header", "exec-credential"] as const) {
    assertExcludes(format(f), TOKEN.refreshToken);
  }
});

Deno.test("formatToken() json keeps the field order of the Go client", () => {
  assertEquals(format("json"), tokenJson(TOKEN, NOW) + "\n");
  assertEquals(Object.keys(JSON.parse(format("json"))), [
    "access_token",
    "token_type",
    "expires_at",
    "expired",
    "client_id",
  ]);
  assertEquals(JSON.parse(tokenJson(TOKEN, EXPIRES)).expired, true, "expired at the instant");
});

Deno.test("execCredential() is a client.authentication.k8s.io/v1 ExecCredential", () => {
  assertEquals(JSON.parse(execCredential(TOKEN)), {
    apiVersion: "client.authentication.k8s.io/v1",
    kind: "ExecCredential",
    status: { token: TOKEN.accessToken, expirationTimestamp: "2030-01-02T03:04:05Z" },
  });
  assertEquals(format("exec-credential"), execCredential(TOKEN) + "\n");
});

Deno.test("formatToken() env sets the variables exactly in sh", async () => {
  const text = format("env");
  assertEquals(text.split("\n").filter(Boolean).length, ENV_VARIABLES.length);
  const printed = await runShell(
    "sh",
    ["-c", `eval "$(cat)"; printf '%s\\n' ${ENV_VARIABLES.map((v) => `"$${v}"`).join(" ")}`],
    text,
  );
  assertEquals(printed, `${TOKEN.accessToken}\nBearer\n2030-01-02T03:04:05.678Z\n`);
});

Deno.test("formatToken() env sets the variables exactly in fish", async () => {
  const printed = await runShell(
    "fish",
    ["-c", `cat | source; printf '%s\\n' $AUTHGATE_ACCESS_TOKEN $AUTHGATE_EXPIRES_AT`],
    format("env", "fish"),
  );
  assertEquals(printed, `${TOKEN.accessToken}\n2030-01-02T03:04:05.678Z\n`);
});

Deno.test("formatToken() env for PowerShell assigns single-quoted $env: values", () => {
  const text = formatToken(TOKEN, { format: "env", shell: "powershell", now: NOW });
  assertIncludes(
    text,
    `$env:AUTHGATE_ACCESS_TOKEN = 'at-''quoted'' $HOME \`x\` \\ "dq" end'\n`,
  );
  assertIncludes(text, `$env:AUTHGATE_TOKEN_TYPE = 'Bearer'\n`);
});
