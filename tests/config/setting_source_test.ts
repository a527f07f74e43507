import { SETTING_FLAG_LIST, SETTING_FLAGS } from "../../src/config/setting_flags.ts";
import { createSettingSource, parseDurationSetting } from "../../src/config/setting_source.ts";
import { UsageError } from "../../src/errors.ts";
import { assertEquals, assertThrows } from "../support/assert.ts";
import { withSource } from "../support/setting_source.ts";

const SCOPE = SETTING_FLAGS.scope;

Deno.test("createSettingSource() prefers the flag over env and .env", () =>
  withSource(
    { flags: { scope: "from-flag" }, env: { SCOPE: "from-env" }, dotenv: "SCOPE=from-file\n" },
    ({ source }) => assertEquals(source.lookup(SCOPE), { text: "from-flag", origin: "--scope" }),
  ));

Deno.test("createSettingSource() prefers the environment over .env", () =>
  withSource(
    { env: { SCOPE: "from-env" }, dotenv: "SCOPE=from-file\n" },
    ({ source }) => assertEquals(source.lookup(SCOPE), { text: "from-env", origin: "SCOPE" }),
  ));

Deno.test("createSettingSource() falls back to .env in the working directory", () =>
  withSource(
    { dotenv: "export SCOPE='from file'\n" },
    ({ source }) =>
      assertEquals(source.lookup(SCOPE), { text: "from file", origin: "SCOPE in .env" }),
  ));

Deno.test("createSettingSource() returns undefined when no source sets it (the default applies)", () =>
  withSource(
    { dotenv: "OTHER=1\n" },
    ({ source }) => assertEquals(source.lookup(SCOPE), undefined),
  ));

Deno.test("createSettingSource() counts an empty flag as unset", () =>
  withSource(
    { flags: { scope: "" }, env: { SCOPE: "from-env" } },
    ({ source }) => assertEquals(source.lookup(SCOPE), { text: "from-env", origin: "SCOPE" }),
  ));

Deno.test("createSettingSource() counts empty flag and env values as unset, down to .env", () =>
  withSource(
    { flags: { scope: "" }, env: { SCOPE: "" }, dotenv: "SCOPE=from-file\n" },
    ({ source }) =>
      assertEquals(source.lookup(SCOPE), { text: "from-file", origin: "SCOPE in .env" }),
  ));

Deno.test("createSettingSource() counts an empty .env value as unset", () =>
  withSource(
    { env: { SCOPE: "" }, dotenv: "SCOPE=\n" },
    ({ source }) => assertEquals(source.lookup(SCOPE), undefined),
  ));

Deno.test("createSettingSource() ignores a boolean or list value for a string setting", () =>
  withSource(
    { flags: { scope: true }, env: { SCOPE: "from-env" } },
    ({ source }) => assertEquals(source.lookup(SCOPE)?.text, "from-env"),
  ));

Deno.test("createSettingSource() does not read .env when the flag or env answers", () =>
  withSource(
    { flags: { scope: "s" }, env: { CLIENT_ID: "c" }, dotenv: "this line is broken\n" },
    ({ source }) => {
      assertEquals(source.lookup(SCOPE)?.text, "s");
      assertEquals(source.lookup(SETTING_FLAGS.clientId)?.text, "c");
    },
  ));

Deno.test("createSettingSource() reports a broken .env as a usage error naming the line", () =>
  withSource({ dotenv: "SCOPE=ok\nbroken\n" }, ({ source, dir }) => {
    const error = assertThrows(() => source.lookup(SCOPE), UsageError);
    assertEquals(error.message, `invalid .env file in ${dir}: line 2: expected KEY=value`);
    assertEquals(error.exitCode, 2);
  }));

Deno.test("createSettingSource() reads .env only once", () =>
  withSource({ dotenv: "SCOPE=first\n" }, async ({ source, dir }) => {
    assertEquals(source.lookup(SCOPE)?.text, "first");
    await Deno.writeTextFile(`${dir}/.env`, "SCOPE=second\nCLIENT_ID=late\n");
    assertEquals(source.lookup(SCOPE)?.text, "first");
    assertEquals(source.lookup(SETTING_FLAGS.clientId), undefined);
  }));

Deno.test("createSettingSource() answers a flag without env variable from the flag only", () => {
  const spec = { name: "json-only", kind: "string" as const, description: "x" };
  const source = createSettingSource(
    new Map([["json-only", "v"]]),
    () => "ignored",
    "/nonexistent",
  );
  assertEquals(source.lookup(spec), { text: "v", origin: "--json-only" });
  const empty = createSettingSource(new Map(), () => "ignored", "/nonexistent");
  assertEquals(empty.lookup(spec), undefined);
});

Deno.test("parseDurationSetting() reads Go durations and names the origin of a bad one", () => {
  assertEquals(parseDurationSetting({ text: "1h30m", origin: "--min-valid" }), 5_400_000);
  assertEquals(parseDurationSetting({ text: "0", origin: "X" }), 0);
  for (const text of ["-5m", "5x", ""]) {
    assertThrows(
      () => parseDurationSetting({ text, origin: "REFRESH_THRESHOLD in .env" }),
      UsageError,
      `invalid REFRESH_THRESHOLD in .env "${text}": expected a duration such as 90s, 5m or 1h30m`,
    );
  }
});

Deno.test("createSettingSource() reads the user's settings file after .env", () =>
  withSource(
    { dotenv: "SCOPE=project\n", userConfig: "SCOPE=mine\nCALLBACK_PORT=9000\n" },
    ({ source, dir }) => {
      assertEquals(source.lookup(SCOPE), { text: "project", origin: "SCOPE in .env" });
      assertEquals(source.lookup(SETTING_FLAGS.port), {
        text: "9000",
        origin: `CALLBACK_PORT in ${dir}/config.env`,
      });
    },
  ));

Deno.test("createSettingSource() never takes a trusted setting from .env, and warns once", () =>
  withSource(
    { dotenv: "SERVER_URL=http://127.0.0.1:6666\nCLIENT_SECRET=x\n" },
    ({ source, warnings, dir }) => {
      assertEquals(source.lookup(SETTING_FLAGS.serverUrl), undefined);
      assertEquals(source.lookup(SETTING_FLAGS.serverUrl), undefined);
      assertEquals(source.lookup(SETTING_FLAGS.clientSecret), undefined);
      assertEquals(warnings.length, 2);
      assertEquals(
        warnings[0],
        `ignoring SERVER_URL in ${dir}/.env: a working directory's .env may not choose the ` +
          `server, client, token file or store; set SERVER_URL in the environment or in ` +
          `${dir}/config.env`,
      );
    },
  ));

Deno.test("createSettingSource() takes trusted settings from flags, the environment and the user's file", () =>
  withSource(
    { env: { CLIENT_ID: "env" }, userConfig: "SERVER_URL=https://auth.example\n" },
    ({ source, warnings }) => {
      assertEquals(source.lookup(SETTING_FLAGS.clientId)?.text, "env");
      assertEquals(source.lookup(SETTING_FLAGS.serverUrl)?.text, "https://auth.example");
      assertEquals(warnings, []);
    },
  ));

Deno.test("every setting that picks the server, client, secret, redirect, token file or store, or lowers transport security, is trusted", () => {
  const trusted = SETTING_FLAG_LIST.filter((spec) => spec.trusted).map((s) => s.env);
  assertEquals(trusted.sort(), [
    "AUTHGATE_ALLOW_INSECURE_HTTP",
    "CLIENT_ID",
    "CLIENT_SECRET",
    "CLIENT_SECRET_FILE",
    "GRANT_TYPE",
    "REDIRECT_URI",
    "SERVER_URL",
    "TOKEN_ENDPOINT_AUTH_METHOD",
    "TOKEN_FILE",
    "TOKEN_STORE",
  ]);
});
