import { defaultTokenFile } from "../../src/config/default_token_file.ts";
import { resolveStoreSettings } from "../../src/config/store_settings.ts";
import { UsageError } from "../../src/errors.ts";
import { assertEquals, assertIncludes, assertRejects } from "../support/assert.ts";
import { type SourceInput, withSource } from "../support/setting_source.ts";

const HOME_ENV = { HOME: "/home/me" };

function resolve(input: SourceInput, os: typeof Deno.build.os = "linux") {
  return withSource(input, ({ source, env }) => resolveStoreSettings(source, { os, env }));
}

Deno.test("resolveStoreSettings() applies the defaults", async () => {
  assertEquals(await resolve({ env: { ...HOME_ENV, CLIENT_ID: "cid" } }), {
    clientId: "cid",
    tokenStore: "auto",
    tokenFile: "/home/me/.config/authgate/tokens.json",
    tokenFileExplicit: false,
    refreshThresholdMs: 300_000,
  });
});

Deno.test("resolveStoreSettings() takes flag > env > the user's settings file for every store setting", async () => {
  const settings = await resolve({
    flags: { "client-id": "flag-id", "refresh-threshold": "90s" },
    env: { ...HOME_ENV, CLIENT_ID: "env-id", TOKEN_STORE: "file", REFRESH_THRESHOLD: "1m" },
    userConfig: "CLIENT_ID=file-id\nTOKEN_STORE=keyring\nTOKEN_FILE=/data/tokens.json\n",
  });
  assertEquals(settings, {
    clientId: "flag-id",
    tokenStore: "file",
    tokenFile: "/data/tokens.json",
    tokenFileExplicit: true, // the user's own settings file names it
    refreshThresholdMs: 90_000,
  });
});

Deno.test("resolveStoreSettings() takes the threshold from .env, never the client, file or store", async () => {
  await withSource({
    env: HOME_ENV,
    dotenv: "CLIENT_ID=evil\nTOKEN_FILE=../.bash_profile\nTOKEN_STORE=file\nREFRESH_THRESHOLD=1h\n",
    userConfig: "CLIENT_ID=mine\n",
  }, ({ source, env, warnings, dir }) => {
    assertEquals(resolveStoreSettings(source, { os: "linux", env }), {
      clientId: "mine",
      tokenStore: "auto",
      tokenFile: "/home/me/.config/authgate/tokens.json",
      tokenFileExplicit: false,
      refreshThresholdMs: 3_600_000,
    });
    const ignored = (name: string) =>
      `ignoring ${name} in ${dir}/.env: a working directory's .env may not choose the server, ` +
      `client, token file or store; set ${name} in the environment or in ${dir}/config.env`;
    assertEquals(warnings, [ignored("CLIENT_ID"), ignored("TOKEN_STORE"), ignored("TOKEN_FILE")]);
  });
});

Deno.test("resolveStoreSettings() falls through an empty flag and empty env to the user's file", async () => {
  const settings = await resolve({
    flags: { "client-id": "" },
    env: { ...HOME_ENV, CLIENT_ID: "" },
    userConfig: "CLIENT_ID=from-file\n",
  });
  assertEquals(settings.clientId, "from-file");
});

Deno.test("resolveStoreSettings() rejects a missing client id with exit 2 and a hint", async () => {
  const error = await assertRejects(
    () => resolve({ env: HOME_ENV, dotenv: "CLIENT_ID=\n" }),
    UsageError,
    "client id is not set",
  );
  assertEquals(error.exitCode, 2);
  assertIncludes(error.hint ?? "", "--client-id");
  assertIncludes(error.hint ?? "", "CLIENT_ID");
});

Deno.test("resolveStoreSettings() accepts the four token stores", async () => {
  for (const kind of ["auto", "file", "keyring", "memory"]) {
    const settings = await resolve({ env: { ...HOME_ENV, CLIENT_ID: "c", TOKEN_STORE: kind } });
    assertEquals(settings.tokenStore, kind);
  }
});

Deno.test("resolveStoreSettings() names the valid values for a bad TOKEN_STORE", async () => {
  const error = await assertRejects(
    () => resolve({ env: { ...HOME_ENV, CLIENT_ID: "c", TOKEN_STORE: "vault" } }),
    UsageError,
  );
  assertEquals(
    error.message,
    `invalid TOKEN_STORE "vault": expected one of auto, file, keyring, memory`,
  );
  assertEquals(error.exitCode, 2);
  await assertRejects(
    () => resolve({ flags: { "token-store": "File" }, env: { ...HOME_ENV, CLIENT_ID: "c" } }),
    UsageError,
    `invalid --token-store "File"`,
  );
});

Deno.test("resolveStoreSettings() never caps the refresh threshold", async () => {
  const cases: [string, number][] = [["48h", 172_800_000], ["0", 0], ["1h30m", 5_400_000]];
  for (const [text, ms] of cases) {
    const settings = await resolve({
      env: { ...HOME_ENV, CLIENT_ID: "c", REFRESH_THRESHOLD: text },
    });
    assertEquals(settings.refreshThresholdMs, ms, `REFRESH_THRESHOLD=${text}`);
  }
});

Deno.test("resolveStoreSettings() rejects a bad refresh threshold naming REFRESH_THRESHOLD", async () => {
  for (const text of ["5", "soon", "-5m", "1h 30m"]) {
    const error = await assertRejects(
      () => resolve({ env: { ...HOME_ENV, CLIENT_ID: "c", REFRESH_THRESHOLD: text } }),
      UsageError,
      `invalid REFRESH_THRESHOLD "${text}"`,
    );
    assertIncludes(error.message, "expected a duration");
    assertEquals(error.exitCode, 2);
  }
  await assertRejects(
    () => resolve({ flags: { "refresh-threshold": "x" }, env: { ...HOME_ENV, CLIENT_ID: "c" } }),
    UsageError,
    `invalid --refresh-threshold "x"`,
  );
});

Deno.test("resolveStoreSettings() validates no server URL and other network settings", async () => {
  const settings = await resolve({
    env: {
      ...HOME_ENV,
      CLIENT_ID: "c",
      SERVER_URL: "ftp://nope",
      CALLBACK_PORT: "banana",
      REFRESH_TOKEN_TIMEOUT: "garbage",
    },
  });
  assertEquals(settings.clientId, "c");
});

Deno.test("resolveStoreSettings() uses TOKEN_FILE over the per-user default", async () => {
  const settings = await resolve({ env: { ...HOME_ENV, CLIENT_ID: "c", TOKEN_FILE: "./t.json" } });
  assertEquals(settings.tokenFile, "./t.json");
  assertEquals(settings.tokenFileExplicit, true);
});

Deno.test("resolveStoreSettings() counts a flag, the environment or the user's file as naming the token file", async () => {
  const named = async (input: SourceInput) => (await resolve(input)).tokenFileExplicit;
  const base = { ...HOME_ENV, CLIENT_ID: "c" };
  assertEquals(await named({ env: base, flags: { "token-file": "/t.json" } }), true);
  assertEquals(await named({ env: { ...base, TOKEN_FILE: "/t.json" } }), true);
  assertEquals(await named({ env: base, userConfig: "TOKEN_FILE=/t.json\n" }), true);
  assertEquals(await named({ env: base, dotenv: "TOKEN_FILE=/t.json\n" }), false);
  assertEquals(await named({ env: base }), false);
});

Deno.test("resolveStoreSettings() asks to set TOKEN_FILE when there is no home directory", async () => {
  const error = await assertRejects(
    () => resolve({ env: { CLIENT_ID: "c", HOME: "" } }),
    UsageError,
    "cannot choose a token file",
  );
  assertIncludes(error.hint ?? "", "set TOKEN_FILE");
  assertEquals(error.exitCode, 2);
  const settings = await resolve({ env: { CLIENT_ID: "c", TOKEN_FILE: "/t.json" } });
  assertEquals(settings.tokenFile, "/t.json");
});

Deno.test("resolveStoreSettings() picks the per-OS default token file", async () => {
  const windows = await resolve(
    { env: { CLIENT_ID: "c", APPDATA: "C:\\Users\\me\\AppData\\Roaming" } },
    "windows",
  );
  assertEquals(windows.tokenFile, "C:\\Users\\me\\AppData\\Roaming\\authgate\\tokens.json");
  const darwin = await resolve({ env: { CLIENT_ID: "c", HOME: "/Users/me" } }, "darwin");
  assertEquals(darwin.tokenFile, "/Users/me/Library/Application Support/authgate/tokens.json");
});

function envOf(vars: Record<string, string>) {
  return (name: string) => Object.hasOwn(vars, name) ? vars[name] : undefined;
}

Deno.test("defaultTokenFile() on Linux prefers XDG_CONFIG_HOME, else ~/.config", () => {
  assertEquals(
    defaultTokenFile("linux", envOf({ XDG_CONFIG_HOME: "/xdg", HOME: "/home/me" })),
    "/xdg/authgate/tokens.json",
  );
  assertEquals(
    defaultTokenFile("linux", envOf({ HOME: "/home/me" })),
    "/home/me/.config/authgate/tokens.json",
  );
  assertEquals(
    defaultTokenFile("linux", envOf({ XDG_CONFIG_HOME: "", HOME: "/home/me" })),
    "/home/me/.config/authgate/tokens.json",
  );
  assertEquals(
    defaultTokenFile("linux", envOf({ XDG_CONFIG_HOME: "/xdg" })),
    "/xdg/authgate/tokens.json",
  );
});

Deno.test("defaultTokenFile() on macOS uses ~/Library/Application Support", () => {
  assertEquals(
    defaultTokenFile("darwin", envOf({ HOME: "/Users/me", XDG_CONFIG_HOME: "/xdg" })),
    "/Users/me/Library/Application Support/authgate/tokens.json",
  );
});

Deno.test("defaultTokenFile() on Windows uses %APPDATA%", () => {
  assertEquals(
    defaultTokenFile("windows", envOf({ APPDATA: "C:\\AppData", HOME: "/home/me" })),
    "C:\\AppData\\authgate\\tokens.json",
  );
});

Deno.test("defaultTokenFile() returns undefined without a home or config directory", () => {
  assertEquals(defaultTokenFile("linux", envOf({})), undefined);
  assertEquals(defaultTokenFile("linux", envOf({ HOME: "", XDG_CONFIG_HOME: "" })), undefined);
  assertEquals(defaultTokenFile("darwin", envOf({ XDG_CONFIG_HOME: "/xdg" })), undefined);
  assertEquals(defaultTokenFile("windows", envOf({ HOME: "/home/me" })), undefined);
  assertEquals(defaultTokenFile("windows", envOf({ APPDATA: "" })), undefined);
});

Deno.test("resolveStoreSettings() resolves a relative TOKEN_FILE against the working directory", () =>
  withSource(
    { env: { CLIENT_ID: "c", TOKEN_FILE: "../.authgate-tokens.json" } },
    ({ source, env }) =>
      assertEquals(
        resolveStoreSettings(source, { os: "linux", env, cwd: "/home/me/repo" }).tokenFile,
        "/home/me/.authgate-tokens.json",
      ),
  ));
