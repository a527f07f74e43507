import { resolveClientSecret } from "../../src/config/client_secret.ts";
import { UsageError } from "../../src/errors.ts";
import { assertEquals, assertExcludes, assertThrows } from "../support/assert.ts";
import { withSource } from "../support/setting_source.ts";

const SECRET = "s3cret-Value-9f2c";

Deno.test("resolveClientSecret() reads CLIENT_SECRET_FILE, trimmed", () =>
  withSource({}, async ({ dir }) => {
    const path = `${dir}/secret`;
    await Deno.writeTextFile(path, `  ${SECRET}\n\n`);
    await withSource({ env: { CLIENT_SECRET_FILE: path } }, ({ source }) => {
      assertEquals(resolveClientSecret(source), SECRET);
    });
    await withSource({ flags: { "client-secret-file": path } }, ({ source }) => {
      assertEquals(resolveClientSecret(source), SECRET);
    });
  }));

Deno.test("resolveClientSecret() takes CLIENT_SECRET as it is, and none for a public client", () =>
  withSource({ env: { CLIENT_SECRET: SECRET } }, async ({ source }) => {
    assertEquals(resolveClientSecret(source), SECRET);
    await withSource({}, ({ source }) => assertEquals(resolveClientSecret(source), undefined));
  }));

Deno.test("resolveClientSecret() refuses a secret and a secret file together", () =>
  withSource(
    { env: { CLIENT_SECRET: SECRET, CLIENT_SECRET_FILE: "/run/secrets/x" } },
    ({ source }) => {
      const error = assertThrows(() => resolveClientSecret(source), UsageError);
      assertEquals(
        error.message,
        "both CLIENT_SECRET and CLIENT_SECRET_FILE set the client secret",
      );
      assertExcludes(error.message, SECRET);
    },
  ));

Deno.test("resolveClientSecret() names an unreadable or empty file in one line, never its content", () =>
  withSource({}, async ({ dir }) => {
    const cases: [string, (path: string) => Promise<void>, string][] = [
      [`${dir}/missing`, () => Promise.resolve(), "no such file"],
      [`${dir}/empty`, (p) => Deno.writeTextFile(p, " \n"), "is empty"],
      [`${dir}/folder`, (p) => Deno.mkdir(p), "it is a directory"],
      [`${dir}/big`, (p) => Deno.writeTextFile(p, SECRET.repeat(8000)), "larger than 64 KiB"],
    ];
    for (const [path, make, problem] of cases) {
      await make(path);
      await withSource({ env: { CLIENT_SECRET_FILE: path } }, ({ source }) => {
        const error = assertThrows(() => resolveClientSecret(source), UsageError);
        assertEquals(error.message.includes(`CLIENT_SECRET_FILE "${path}"`), true, error.message);
        assertEquals(error.message.includes(problem), true, error.message);
        assertEquals(error.message.includes("\n"), false);
        assertExcludes(error.message, SECRET);
        assertEquals(error.exitCode, 2);
      });
    }
  }));
