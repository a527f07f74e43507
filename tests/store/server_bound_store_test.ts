import { FileTokenStore } from "../../src/store/file_store.ts";
import { serverBoundStore } from "../../src/store/server_bound_store.ts";
import { CliError } from "../../src/errors.ts";
import { assertEquals, assertRejects } from "../support/assert.ts";
import { withTempDir } from "../support/temp_dir.ts";
import { makeToken } from "../support/tokens.ts";

const PROD = "https://auth.example";
const STAGING = "https://staging.auth.example";

function withFile<T>(fn: (file: string, plain: FileTokenStore) => Promise<T>): Promise<T> {
  return withTempDir((dir) => fn(`${dir}/tokens.json`, new FileTokenStore(`${dir}/tokens.json`)));
}

async function keys(file: string): Promise<string[]> {
  return Object.keys(JSON.parse(await Deno.readTextFile(file)).data);
}

Deno.test("serverBoundStore() files one client id at two servers side by side", () =>
  withFile(async (file, plain) => {
    const prod = makeToken({ accessToken: "prod", serverUrl: PROD, issuer: PROD });
    const staging = makeToken({ accessToken: "staging", serverUrl: STAGING, issuer: STAGING });
    await serverBoundStore(plain, PROD, "absent").withLock(1000, (s) => s.save(prod));
    await serverBoundStore(plain, STAGING, "absent").withLock(1000, (s) => s.save(staging));
    // The first server keeps the Go client's key; the second sits beside it.
    assertEquals(await keys(file), ["client-a", `client-a@${STAGING}`]);
    assertEquals(
      (await serverBoundStore(plain, PROD, "error").load("client-a"))?.accessToken,
      "prod",
    );
    assertEquals(
      (await serverBoundStore(plain, STAGING, "error").load("client-a"))?.accessToken,
      "staging",
    );
    // Without a configured server, the first entry is used, with its own server.
    assertEquals(
      (await serverBoundStore(plain, undefined, "error").load("client-a"))?.serverUrl,
      PROD,
    );
  }));

Deno.test("serverBoundStore() never hands a token to another server: error or absent", () =>
  withFile(async (_file, plain) => {
    await plain.withLock(1000, (s) => s.save(makeToken({ serverUrl: PROD })));
    const error = await assertRejects(
      () => serverBoundStore(plain, STAGING, "error").load("client-a"),
      CliError,
      `the stored token for client-id "client-a" was issued by ${PROD}, not by the configured server ${STAGING}`,
    );
    assertEquals(error.exitCode, 4);
    assertEquals(await serverBoundStore(plain, STAGING, "absent").load("client-a"), undefined);
    // Removing at staging touches nothing of production's.
    const removed = await serverBoundStore(plain, STAGING, "absent").withLock(
      1000,
      (s) => s.remove("client-a"),
    );
    assertEquals(removed, false);
    assertEquals((await plain.load("client-a"))?.serverUrl, PROD);
  }));

Deno.test("serverBoundStore() serves an entry the Go client wrote (no binding) to the configured server", () =>
  withFile(async (file, plain) => {
    await plain.withLock(1000, (s) => s.save(makeToken()));
    const bound = serverBoundStore(plain, STAGING, "error");
    const token = await bound.load("client-a");
    assertEquals(token?.serverUrl, undefined);
    // The refreshed token carries its server: it is saved in place, now bound.
    await bound.withLock(
      1000,
      (s) => s.save({ ...token!, accessToken: "new", serverUrl: STAGING }),
    );
    assertEquals(await keys(file), ["client-a"]);
    assertEquals((await plain.load("client-a"))?.serverUrl, STAGING);
  }));

Deno.test("serverBoundStore() finds a second server's entry after the first one was deleted", () =>
  withFile(async (file, plain) => {
    await serverBoundStore(plain, PROD, "absent").withLock(
      1000,
      (s) => s.save(makeToken({ serverUrl: PROD })),
    );
    const staging = serverBoundStore(plain, STAGING, "absent");
    await staging.withLock(
      1000,
      (s) => s.save(makeToken({ accessToken: "st", serverUrl: STAGING })),
    );
    assertEquals(
      await serverBoundStore(plain, PROD, "error").withLock(1000, (s) => s.remove("client-a")),
      true,
    );
    assertEquals(await keys(file), [`client-a@${STAGING}`]);
    assertEquals((await staging.load("client-a"))?.accessToken, "st");
    // A refresh there writes back under the same key.
    await staging.withLock(
      1000,
      (s) => s.save(makeToken({ accessToken: "st2", serverUrl: STAGING })),
    );
    assertEquals(await keys(file), [`client-a@${STAGING}`]);
  }));
