import assert from "node:assert/strict";
import { compileArgs, ENTRY } from "../../../scripts/release/compile_command.ts";
import {
  inHouseDefaultsSource,
  parseInHouseServer,
  writeInHouseFiles,
} from "../../../scripts/release/in_house.ts";
import { findTarget } from "../../../scripts/release/targets.ts";
import { runTool } from "../../support/system_tools.ts";
import { unavailableServer } from "../../support/unavailable_server.ts";
import { FIXTURE_CLIENT_ID, fixtureToken, writeTokenFile } from "../../support/token_fixture.ts";

const ROOT = new URL("../../../", import.meta.url);
const MINUTE = 60_000;

Deno.test("parseInHouseServer() takes https, or http on loopback, and scopes net to its host", () => {
  assert.deepEqual(parseInHouseServer("https://auth.corp.example/"), {
    serverUrl: "https://auth.corp.example",
    netHost: "auth.corp.example",
  });
  assert.deepEqual(parseInHouseServer("https://auth.corp.example:8443/idp"), {
    serverUrl: "https://auth.corp.example:8443/idp",
    netHost: "auth.corp.example:8443",
  });
  assert.equal(parseInHouseServer("http://127.0.0.1:9000").netHost, "127.0.0.1:9000");
  for (const bad of ["http://auth.corp.example", "auth.corp.example", "https://a.example/?x=1"]) {
    assert.throws(() => parseInHouseServer(bad), /invalid --server-url/, bad);
  }
});

Deno.test("inHouseDefaultsSource() is a module with the server as BUILD_DEFAULTS", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/defaults.ts`;
    await Deno.writeTextFile(path, inHouseDefaultsSource(parseInHouseServer("https://a.example")));
    const module = await import(new URL(`file://${path}`).href);
    assert.deepEqual(module.BUILD_DEFAULTS, { serverUrl: "https://a.example" });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/**
 * `deno compile`'s arguments turned into the `deno run` that behaves like the
 * binary: the same import map and permission flags, without compile's own.
 */
function runArgsLikeBinary(compile: readonly string[]): string[] {
  const compileOnly = new Set(["--target", "--output", "--include"]);
  const args: string[] = ["run"];
  for (let i = 1; i < compile.length; i++) {
    if (compileOnly.has(compile[i])) i++;
    else if (compile[i] !== "--exclude-unused-npm") args.push(compile[i]);
  }
  return args;
}

async function runInHouse(importMapServer: string, env: Record<string, string>, cwd: string) {
  const server = parseInHouseServer(importMapServer);
  const importMap = await writeInHouseFiles(`${cwd}/.build`, server, {
    ...JSON.parse(await Deno.readTextFile(new URL("deno.json", ROOT))).imports,
  });
  const args = runArgsLikeBinary(
    compileArgs(findTarget("linux_amd64")!, { output: "x", netHost: server.netHost, importMap }),
  ).map((arg) => arg === ENTRY ? new URL(ENTRY, ROOT).href : arg);
  return await runTool(Deno.execPath(), [...args, "token", "get"], {
    cwd,
    clearEnv: true,
    env: { PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin", ...env },
  });
}

Deno.test("an in-house build refreshes at its built-in server and may reach no other host", async () => {
  const dir = await Deno.makeTempDir();
  await using server = unavailableServer();
  try {
    const token = fixtureToken(2 * MINUTE);
    await writeTokenFile(`${dir}/tokens.json`, [token]);
    const env = { CLIENT_ID: FIXTURE_CLIENT_ID, TOKEN_FILE: `${dir}/tokens.json` };

    // No SERVER_URL: the built-in default is asked (and answers 503: the old token is used).
    const builtIn = await runInHouse(server.url, env, dir);
    assert.equal(builtIn.code, 0, builtIn.stderr);
    assert.equal(builtIn.stdout, `${token.accessToken}\n`);
    assert.ok(server.paths.length > 0, "the built-in server was asked");
    assert.match(builtIn.stderr, /^Warning: token refresh failed, using existing token: /m);

    // The same server under another name is another host: net refuses it.
    const asked = server.paths.length;
    const other = await runInHouse(server.url, {
      ...env,
      SERVER_URL: server.url.replace("127.0.0.1", "localhost"),
    }, dir);
    assert.equal(other.code, 0, other.stderr);
    assert.equal(server.paths.length, asked, "no request reached the other host");
    assert.match(other.stderr, /not permitted/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
