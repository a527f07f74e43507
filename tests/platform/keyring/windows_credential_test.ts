import assert from "node:assert/strict";
import { KeyringUnavailableError } from "../../../src/platform/keyring/keyring_backend.ts";
import {
  CRED_PERSIST_LOCAL_MACHINE,
  CRED_TYPE_GENERIC,
  CREDENTIAL_LAYOUT as L,
  type CredentialApi,
  ERROR_NOT_FOUND,
  WindowsCredentialBackend,
} from "../../../src/platform/keyring/windows_credential.ts";

const SECRET = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=";

/** Reads a NUL-terminated UTF-16 string from native memory. */
function readWide(pointer: Deno.PointerValue): string {
  const view = new Deno.UnsafePointerView(pointer!);
  let text = "";
  for (let offset = 0;; offset += 2) {
    const unit = view.getUint16(offset);
    if (unit === 0) return text;
    text += String.fromCharCode(unit);
  }
}

function bufferText(buffer: BufferSource): string {
  return readWide(Deno.UnsafePointer.of(buffer));
}

interface WrittenCredential {
  type: number;
  target: string;
  userName: string;
  persist: number;
  blob: Uint8Array;
}

/**
 * A recording fake of advapi32/kernel32 that speaks real native memory: it
 * reads the CREDENTIALW the backend builds through its pointers, and hands
 * out CREDENTIALW structs of its own for CredReadW, as Windows does.
 */
class FakeCredentialApi implements CredentialApi {
  readonly store = new Map<string, Uint8Array>();
  readonly calls: string[] = [];
  readonly written: WrittenCredential[] = [];
  readonly freed: bigint[] = [];
  lastError = 0;
  failWrites = false;
  #alive: Uint8Array[] = [];

  CredReadW(target: BufferSource, type: number, flags: number, out: BufferSource): number {
    const name = bufferText(target);
    this.calls.push(`CredReadW(${name}, ${type}, ${flags})`);
    const blob = this.store.get(name);
    if (!blob) {
      this.lastError = ERROR_NOT_FOUND;
      return 0;
    }
    const struct = new Uint8Array(L.size);
    const view = new DataView(struct.buffer);
    const blobCopy = blob.slice();
    view.setUint32(L.credentialBlobSize, blobCopy.length, true);
    view.setBigUint64(
      L.credentialBlob,
      BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(blobCopy))),
      true,
    );
    this.#alive.push(struct, blobCopy);
    new DataView((out as Uint8Array).buffer).setBigUint64(
      0,
      BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(struct))),
      true,
    );
    return 1;
  }

  CredWriteW(credential: BufferSource, flags: number): number {
    const view = new Deno.UnsafePointerView(Deno.UnsafePointer.of(credential)!);
    const size = view.getUint32(L.credentialBlobSize);
    const blob = new Uint8Array(size);
    new Deno.UnsafePointerView(view.getPointer(L.credentialBlob)!).copyInto(blob);
    const written = {
      type: view.getUint32(L.type),
      target: readWide(view.getPointer(L.targetName)),
      userName: readWide(view.getPointer(L.userName)),
      persist: view.getUint32(L.persist),
      blob,
    };
    this.calls.push(`CredWriteW(${written.target}, ${flags})`);
    this.written.push(written);
    if (this.failWrites) {
      this.lastError = 5; // ERROR_ACCESS_DENIED
      return 0;
    }
    this.store.set(written.target, blob);
    return 1;
  }

  CredFree(buffer: Deno.PointerValue): void {
    this.freed.push(BigInt(Deno.UnsafePointer.value(buffer)));
  }

  GetLastError(): number {
    return this.lastError;
  }
}

Deno.test("WindowsCredentialBackend.set() writes go-keyring's generic credential", async () => {
  const api = new FakeCredentialApi();
  await new WindowsCredentialBackend(() => api).set("authgate", "__authgate_master_key__", SECRET);
  assert.deepEqual(api.written, [{
    type: CRED_TYPE_GENERIC,
    target: "authgate:__authgate_master_key__",
    userName: "__authgate_master_key__",
    persist: CRED_PERSIST_LOCAL_MACHINE,
    blob: new TextEncoder().encode(SECRET),
  }]);
});

Deno.test("WindowsCredentialBackend.get() reads the blob back and frees the credential", async () => {
  const api = new FakeCredentialApi();
  const backend = new WindowsCredentialBackend(() => api);
  await backend.set("authgate", "__authgate_master_key__", SECRET);
  assert.equal(await backend.get("authgate", "__authgate_master_key__"), SECRET);
  assert.deepEqual(api.calls, [
    "CredWriteW(authgate:__authgate_master_key__, 0)",
    `CredReadW(authgate:__authgate_master_key__, ${CRED_TYPE_GENERIC}, 0)`,
  ]);
  assert.equal(api.freed.length, 1);
});

Deno.test("WindowsCredentialBackend.get() answers undefined for ERROR_NOT_FOUND", async () => {
  const api = new FakeCredentialApi();
  assert.equal(await new WindowsCredentialBackend(() => api).get("s", "a"), undefined);
  assert.equal(api.freed.length, 0);
});

Deno.test("WindowsCredentialBackend reports other errors as unavailable", async () => {
  const api = new FakeCredentialApi();
  api.failWrites = true;
  const backend = new WindowsCredentialBackend(() => api);
  await assert.rejects(backend.set("s", "a", SECRET), /CredWriteW failed \(error 5\)/);
  const failing = new FakeCredentialApi();
  failing.CredReadW = () => {
    failing.lastError = 1312; // ERROR_NO_SUCH_LOGON_SESSION
    return 0;
  };
  await assert.rejects(
    new WindowsCredentialBackend(() => failing).get("s", "a"),
    (error: Error) =>
      error instanceof KeyringUnavailableError && error.message === "CredReadW failed (error 1312)",
  );
});

Deno.test("WindowsCredentialBackend reports an API that cannot load as unavailable", async () => {
  const backend = new WindowsCredentialBackend(() => {
    throw new Error("Could not open library");
  });
  await assert.rejects(
    backend.get("s", "a"),
    /cannot load the Credential Manager API: Could not open library/,
  );
});
