import assert from "node:assert/strict";
import { MacKeychainBackend } from "../../../src/platform/keyring/macos_security.ts";
import {
  keyringNeedsFfi,
  keyringPrograms,
  osKeyringBackend,
} from "../../../src/platform/keyring/os_keyring.ts";
import { SecretToolBackend } from "../../../src/platform/keyring/secret_tool.ts";
import { WindowsCredentialBackend } from "../../../src/platform/keyring/windows_credential.ts";

const noEnv = () => undefined;

Deno.test("osKeyringBackend() picks the keyring of each OS", () => {
  assert.ok(osKeyringBackend("linux", noEnv) instanceof SecretToolBackend);
  assert.ok(osKeyringBackend("freebsd", noEnv) instanceof SecretToolBackend);
  assert.ok(osKeyringBackend("darwin", noEnv) instanceof MacKeychainBackend);
  assert.ok(osKeyringBackend("windows", noEnv) instanceof WindowsCredentialBackend);
});

Deno.test("keyringPrograms() and keyringNeedsFfi() name exactly what each backend uses", () => {
  assert.deepEqual(keyringPrograms("linux"), ["secret-tool"]);
  assert.deepEqual(keyringPrograms("netbsd"), ["secret-tool"]);
  assert.deepEqual(keyringPrograms("darwin"), ["/usr/bin/security"]);
  assert.deepEqual(keyringPrograms("windows"), []);
  assert.deepEqual(
    (["linux", "darwin", "windows"] as const).map(keyringNeedsFfi),
    [false, false, true],
  );
});
