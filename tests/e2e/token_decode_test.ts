/**
 * `authgate token decode` as a subprocess: JWT access tokens and ID tokens
 * issued by the real authorization server, and a crafted token with a claim
 * beyond 2^53. Nothing is sent to the server.
 */

import { JWT_RESOURCE } from "../../scripts/dev_server/auth_server.ts";
import { FileTokenStore } from "../../src/store/file_store.ts";
import { assertEquals, assertIncludes } from "../support/assert.ts";
import { runCliProcess } from "../support/run_cli.ts";
import { seedToken } from "../support/seed_token.ts";
import { SERVER_TEST_OPTIONS as options, withServerFixture } from "../support/server_fixture.ts";

const JWT = { jwtAccessTokens: true };
const offline = { denoFlags: ["--deny-net"] };

function base64Url(text: string): string {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text)))
    .replaceAll("+", "-").replaceAll("/", "_").replaceAll("=", "");
}

Deno.test(
  "token decode prints the claims of a JWT access token, offline",
  options,
  () =>
    withServerFixture(JWT, async ({ server, tokenFile, env }) => {
      await seedToken(server, tokenFile);
      const run = await runCliProcess(["token", "decode"], { env: env(), ...offline });
      assertEquals([run.code, run.stderr], [0, ""]);
      const claims = JSON.parse(run.stdout);
      assertEquals(claims.iss, server.issuer);
      assertEquals(claims.client_id, server.clientId);
      assertEquals(claims.aud, JWT_RESOURCE);
      assertEquals(claims.sub, "test-user");
      assertEquals(run.stdout, JSON.stringify(claims, null, 2) + "\n");
      assertEquals(server.requests.token.length, 1, "only the seeding login");
    }),
);

Deno.test(
  "token decode --field prints strings raw and other values as JSON",
  options,
  () =>
    withServerFixture(JWT, async ({ server, tokenFile, env }) => {
      await seedToken(server, tokenFile);
      const field = (name: string) =>
        runCliProcess(["token", "decode", "--field", name], { env: env(), ...offline });
      const iss = await field("iss");
      assertEquals([iss.code, iss.stdout], [0, server.issuer + "\n"]);
      const exp = await field("exp");
      assertEquals(exp.code, 0);
      const claims = JSON.parse(
        (await runCliProcess(["token", "decode"], { env: env(), ...offline })).stdout,
      );
      assertEquals(typeof claims.exp, "number");
      assertEquals(exp.stdout, `${claims.exp}\n`);
      const missing = await field("nope");
      assertEquals([missing.code, missing.stdout], [1, ""]);
      assertIncludes(missing.stderr, 'Error: the access token has no claim "nope"\nHint: claims: ');
    }),
);

Deno.test(
  "token decode --id-token decodes the stored ID token",
  options,
  () =>
    withServerFixture({}, async ({ server, tokenFile, env }) => {
      const seeded = await seedToken(server, tokenFile);
      const run = await runCliProcess(["token", "decode", "--id-token"], {
        env: env(),
        ...offline,
      });
      assertEquals([run.code, run.stderr], [0, ""]);
      const claims = JSON.parse(run.stdout);
      assertEquals([claims.iss, claims.aud, claims.sub], [
        server.issuer,
        server.clientId,
        "test-user",
      ]);
      assertEquals(typeof seeded.idToken, "string");
    }),
);

Deno.test(
  "token decode of an opaque token suggests token inspect",
  options,
  () =>
    withServerFixture({}, async ({ server, tokenFile, env }) => {
      await seedToken(server, tokenFile);
      const run = await runCliProcess(["token", "decode"], { env: env(), ...offline });
      assertEquals([run.code, run.stdout], [1, ""]);
      assertEquals(
        run.stderr,
        "Error: the stored access token cannot be decoded: it is not a JWT (an opaque token)\n" +
          "Hint: run 'authgate token inspect' to ask the server about it\n",
      );
    }),
);

Deno.test("token decode prints integers beyond 2^53 exactly", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const payload = '{"sub":"u1","uid":12345678901234567890,"n":[18446744073709551615,1.0]}';
    const jwt = `${base64Url('{"alg":"none"}')}.${base64Url(payload)}.`;
    await new FileTokenStore(`${dir}/tokens.json`).withLock(5_000, (store) =>
      store.save({
        accessToken: jwt,
        refreshToken: "",
        tokenType: "Bearer",
        expiresAt: Date.now() + 3_600_000,
        clientId: "c1",
      }));
    const env = { CLIENT_ID: "c1", TOKEN_FILE: `${dir}/tokens.json`, TOKEN_STORE: "file" };
    const all = await runCliProcess(["token", "decode"], { env, ...offline });
    assertEquals(all.code, 0, all.stderr);
    assertEquals(
      all.stdout,
      '{\n  "sub": "u1",\n  "uid": 12345678901234567890,\n  "n": [\n    18446744073709551615,\n    1.0\n  ]\n}\n',
    );
    const uid = await runCliProcess(["token", "decode", "--field", "uid"], { env, ...offline });
    assertEquals([uid.code, uid.stdout], [0, "12345678901234567890\n"]);
    const n = await runCliProcess(["token", "decode", "--field=n"], { env, ...offline });
    assertEquals(n.stdout, "[18446744073709551615,1.0]\n");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
