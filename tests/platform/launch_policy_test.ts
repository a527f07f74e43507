import { checkLaunchUrl, isLoopbackHost, originsDiffer } from "../../src/platform/launch_policy.ts";
import { assertEquals } from "../support/assert.ts";

Deno.test("checkLaunchUrl() accepts https anywhere and http on loopback only", () => {
  for (
    const url of [
      "https://auth.example.com/oauth/authorize?x=1",
      "http://127.0.0.1:8080/device",
      "http://127.8.9.10/",
      "http://localhost:3000/a",
      "http://[::1]:9/a",
    ]
  ) {
    assertEquals(checkLaunchUrl(url), { ok: true, href: new URL(url).href }, url);
  }
});

Deno.test("checkLaunchUrl() refuses other schemes, remote http and non-URLs", () => {
  const cases: [string, string][] = [
    ["file:///etc/passwd?response_type=code", 'its scheme "file:" is not https'],
    ["javascript:alert(1)", 'its scheme "javascript:" is not https'],
    ["vscode://x/y", 'its scheme "vscode:" is not https'],
    ["http://auth.example.com/device", "it is plain http to auth.example.com"],
    ["http://127.0.0.1.evil.example/", "it is plain http to 127.0.0.1.evil.example"],
    ["/relative/path", "it is not a valid URL"],
  ];
  for (const [url, reason] of cases) {
    const checked = checkLaunchUrl(url);
    assertEquals(checked.ok, false, url);
    if (!checked.ok) assertEquals(checked.reason.startsWith(reason), true, checked.reason);
  }
});

Deno.test("checkLaunchUrl() normalises to plain ASCII (controls and bidi percent-encoded)", () => {
  const checked = checkLaunchUrl("https://auth.example.com/dev\u202eice?c=\x1b[2J\u009b");
  assertEquals(checked, {
    ok: true,
    href: "https://auth.example.com/dev%E2%80%AEice?c=%1B[2J%C2%9B",
  });
});

Deno.test("originsDiffer() compares scheme, host and port", () => {
  assertEquals(originsDiffer("https://a.example/device", "https://a.example"), false);
  assertEquals(originsDiffer("https://a.example:8443/device", "https://a.example"), true);
  assertEquals(originsDiffer("https://b.example/device", "https://a.example"), true);
  assertEquals(originsDiffer("http://a.example/device", "https://a.example"), true);
});

Deno.test("isLoopbackHost() knows localhost, 127.0.0.0/8 and ::1", () => {
  for (const host of ["localhost", "app.localhost", "127.0.0.1", "127.1.2.3", "[::1]"]) {
    assertEquals(isLoopbackHost(host), true, host);
  }
  for (const host of ["example.com", "128.0.0.1", "127.0.0.1.nip.io", "[::2]", "localhostx"]) {
    assertEquals(isLoopbackHost(host), false, host);
  }
});
