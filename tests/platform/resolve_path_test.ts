import { isAbsolutePath, parentDir, resolvePath } from "../../src/platform/resolve_path.ts";
import { assertEquals } from "../support/assert.ts";

Deno.test("resolvePath() resolves a relative path against the working directory, .. included", () => {
  assertEquals(
    resolvePath("/home/me/repo", ".authgate-tokens.json", "linux"),
    "/home/me/repo/.authgate-tokens.json",
  );
  assertEquals(resolvePath("/home/me/repo", "../.bash_profile", "linux"), "/home/me/.bash_profile");
  assertEquals(
    resolvePath("/home/me/repo", "./a//b/./c.json", "linux"),
    "/home/me/repo/a/b/c.json",
  );
  assertEquals(resolvePath("/home/me", "/data/../data/tokens.json", "linux"), "/data/tokens.json");
  assertEquals(resolvePath("/", "../../x.json", "linux"), "/x.json");
});

Deno.test("resolvePath() on Windows keeps the drive and takes both separators", () => {
  assertEquals(
    resolvePath("C:\\Users\\me", "tokens.json", "windows"),
    "C:\\Users\\me\\tokens.json",
  );
  assertEquals(resolvePath("C:\\Users\\me", "..\\x/y.json", "windows"), "C:\\Users\\x\\y.json");
  assertEquals(resolvePath("C:\\Users\\me", "D:\\t.json", "windows"), "D:\\t.json");
});

Deno.test("isAbsolutePath() knows POSIX roots, drive letters and UNC paths", () => {
  assertEquals(isAbsolutePath("/x", "linux"), true);
  assertEquals(isAbsolutePath("x", "darwin"), false);
  assertEquals(isAbsolutePath("C:\\x", "windows"), true);
  assertEquals(isAbsolutePath("\\\\server\\share", "windows"), true);
  assertEquals(isAbsolutePath("x\\y", "windows"), false);
});

Deno.test("parentDir() returns the directory part of a path", () => {
  assertEquals(parentDir("/home/me/.config/authgate/tokens.json"), "/home/me/.config/authgate");
  assertEquals(parentDir("rel/tokens.json"), "rel");
  assertEquals(parentDir("/tokens.json"), "/");
  assertEquals(parentDir("tokens.json"), ".");
  assertEquals(parentDir("C:\\Users\\me\\authgate\\tokens.json"), "C:\\Users\\me\\authgate");
});
