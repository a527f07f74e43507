import * as oauth from "oauth4webapi";
import { chooseClientAuthMethod, clientAuthFor } from "../../src/oauth/client_auth.ts";
import { assertEquals } from "../support/assert.ts";

const choose = (
  secret: string | undefined,
  setting: Parameters<typeof chooseClientAuthMethod>[1],
  supported?: string[],
) => {
  const warnings: string[] = [];
  const method = chooseClientAuthMethod(secret, setting, supported, (m) => warnings.push(m));
  return { method, warnings };
};

Deno.test("chooseClientAuthMethod(): a public client sends none, whatever is configured", () => {
  assertEquals(choose(undefined, "client_secret_post", ["client_secret_post"]).method, "none");
  assertEquals(choose("", "auto").method, "none");
});

Deno.test("chooseClientAuthMethod(): auto prefers basic, follows a post-only server", () => {
  const both = ["none", "client_secret_post", "client_secret_basic"];
  assertEquals(choose("s", "auto", both), { method: "client_secret_basic", warnings: [] });
  assertEquals(choose("s", "auto", ["client_secret_post"]).method, "client_secret_post");
  // No list: RFC 8414's default, client_secret_basic.
  assertEquals(choose("s", "auto", undefined), { method: "client_secret_basic", warnings: [] });
});

Deno.test("chooseClientAuthMethod(): a configured method wins over the server's list", () => {
  assertEquals(
    choose("s", "client_secret_post", ["client_secret_basic"]).method,
    "client_secret_post",
  );
  assertEquals(
    choose("s", "client_secret_basic", ["client_secret_post"]).method,
    "client_secret_basic",
  );
});

Deno.test("chooseClientAuthMethod(): a list with neither method warns and tries basic", () => {
  const { method, warnings } = choose("s", "auto", ["private_key_jwt"]);
  assertEquals(method, "client_secret_basic");
  assertEquals(warnings, [
    "the server lists neither client_secret_basic nor client_secret_post " +
    "(token_endpoint_auth_methods_supported: private_key_jwt); trying client_secret_basic",
  ]);
});

Deno.test("clientAuthFor() sends the secret as the method says", async () => {
  const as = { issuer: "https://as.example", token_endpoint: "https://as.example/token" };
  const client = { client_id: "machine one" };
  const sent: Request[] = [];
  const capture = (input: RequestInfo | URL, init?: RequestInit) => {
    sent.push(new Request(input, init));
    return Promise.resolve(Response.json({ access_token: "a", token_type: "bearer" }));
  };
  for (const method of ["client_secret_basic", "client_secret_post", "none"] as const) {
    await oauth.clientCredentialsGrantRequest(as, client, clientAuthFor(method, "p@ss"), {}, {
      [oauth.customFetch]: capture,
    });
  }
  const [basic, post, none] = sent;
  assertEquals(basic.headers.get("authorization"), `Basic ${btoa("machine+one:p%40ss")}`);
  assertEquals(new URLSearchParams(await basic.text()).has("client_secret"), false);
  assertEquals(post.headers.get("authorization"), null);
  assertEquals(new URLSearchParams(await post.text()).get("client_secret"), "p@ss");
  assertEquals(none.headers.get("authorization"), null);
  assertEquals(new URLSearchParams(await none.text()).get("client_secret"), null);
});
