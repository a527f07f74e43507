import { claimValue } from "../../src/config/claim_value.ts";
import {
  EXTRA_CLAIMS_FILE_LIMIT,
  extraClaimsParameters,
  readExtraClaims,
  resolveExtraClaimsParameters,
  splitClaimPair,
} from "../../src/config/extra_claims.ts";
import { UsageError } from "../../src/errors.ts";
import { assert, assertEquals, assertRejects, assertThrows } from "../support/assert.ts";

async function withDir(body: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "authgate-claims-" });
  try {
    await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const compact = (claims: Map<string, unknown>) => extraClaimsParameters(claims)?.extra_claims;

Deno.test("claimValue() keeps JSON types, large integers exactly, and strings otherwise", () => {
  const values = [
    "123",
    "12345678901234567890",
    "true",
    "null",
    '{"a":[1,"x"]}',
    "hello",
    "",
    "1.50",
  ];
  assertEquals(
    JSON.stringify(values.map(claimValue)),
    '[123,12345678901234567890,true,null,{"a":[1,"x"]},"hello","",1.50]',
  );
});

Deno.test("splitClaimPair() splits at the first = and names a bad pair by position and key only", () => {
  assertEquals(splitClaimPair("a=b=c", 0), ["a", "b=c"]);
  assertEquals(splitClaimPair("n=12", 0), ["n", "12"], "typed only when read");
  assertEquals(splitClaimPair("https://example.com/role=admin", 0), [
    "https://example.com/role",
    "admin",
  ]);
  const cases: [string, string][] = [
    ["sk_live_51Hsecret", 'invalid --extra-claims value #2: it has no "="; expected key=value'],
    ["=sk_live_51Hsecret", "invalid --extra-claims value #2: it has an empty key"],
    [" a=sk_live_51Hsecret", 'invalid --extra-claims value #2: it has an invalid key " a"'],
  ];
  for (const [bad, message] of cases) {
    const error = assertThrows(() => splitClaimPair(bad, 1), UsageError, message);
    assert(!error.message.includes("sk_live"), error.message);
  }
});

Deno.test("readExtraClaims() reads the file and lets flags override its entries", async () => {
  await withDir(async (dir) => {
    await Deno.writeTextFile(
      `${dir}/claims.env`,
      '# claims\ntenant=acme\nlevel=3\nid=12345678901234567890\nname=\'"7"\'\nroles=["a","b"]\n',
    );
    const claims = await readExtraClaims(
      { pairs: ["level=4", "extra=x"], file: "claims.env" },
      dir,
    );
    assertEquals(
      compact(claims),
      '{"tenant":"acme","level":4,"id":12345678901234567890,"name":"7","roles":["a","b"],"extra":"x"}',
    );
  });
});

Deno.test("readExtraClaims() names the bad line of the file", async () => {
  await withDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/claims.env`, "a=1\n\nthis line has no equals sign\n");
    await assertRejects(
      () => readExtraClaims({ pairs: [], file: `${dir}/claims.env` }, "/"),
      UsageError,
      `invalid --extra-claims-file ${dir}/claims.env: line 3: expected KEY=value`,
    );
  });
});

Deno.test("readExtraClaims() reads at most 64 KiB", async () => {
  await withDir(async (dir) => {
    const line = "k=" + "v".repeat(EXTRA_CLAIMS_FILE_LIMIT - 3) + "\n";
    await Deno.writeTextFile(`${dir}/max.env`, line);
    assertEquals((await readExtraClaims({ pairs: [], file: "max.env" }, dir)).size, 1);
    await Deno.writeTextFile(`${dir}/big.env`, line + "x");
    await assertRejects(
      () => readExtraClaims({ pairs: [], file: "big.env" }, dir),
      UsageError,
      "is larger than 64 KiB",
    );
    await assertRejects(
      () => readExtraClaims({ pairs: [], file: "missing.env" }, dir),
      UsageError,
      "cannot read --extra-claims-file",
    );
  });
});

Deno.test("resolveExtraClaimsParameters() gives the extra_claims field, or nothing", async () => {
  assertEquals(await resolveExtraClaimsParameters(new Map(), "/"), undefined);
  assertEquals(
    await resolveExtraClaimsParameters(new Map([["extra-claims", ["n=1", "s=x"]]]), "/"),
    { extra_claims: '{"n":1,"s":"x"}' },
  );
});
