/**
 * Windows: Credential Manager through Deno FFI on advapi32 (`CredReadW`,
 * `CredWriteW`), in-process, so the secret never reaches a command line. The
 * credential is the one the Go client's keyring library (zalando/go-keyring
 * via danieljoos/wincred) writes: a generic credential named
 * `<service>:<account>`, user name `<account>`, the secret's UTF-8 bytes as
 * its blob, persisted for the local machine.
 * @module
 */

import { type KeyringBackend, KeyringUnavailableError } from "./keyring_backend.ts";

/** CRED_TYPE_GENERIC. */
export const CRED_TYPE_GENERIC = 1;
/** CRED_PERSIST_LOCAL_MACHINE (wincred's default for generic credentials). */
export const CRED_PERSIST_LOCAL_MACHINE = 2;
/** ERROR_NOT_FOUND, what CredReadW leaves in GetLastError for a missing credential. */
export const ERROR_NOT_FOUND = 1168;

/** sizeof(CREDENTIALW) and its field offsets on 64-bit Windows (the only Windows Deno runs on). */
export const CREDENTIAL_LAYOUT = {
  size: 80,
  flags: 0,
  type: 4,
  targetName: 8,
  comment: 16,
  lastWritten: 24,
  credentialBlobSize: 32,
  credentialBlob: 40,
  persist: 48,
  attributeCount: 52,
  attributes: 56,
  targetAlias: 64,
  userName: 72,
} as const;

/** The Win32 functions the backend calls, as `Deno.dlopen` returns them. */
export interface CredentialApi {
  /** BOOL CredReadW(LPCWSTR TargetName, DWORD Type, DWORD Flags, PCREDENTIALW *Credential). */
  CredReadW(target: BufferSource, type: number, flags: number, out: BufferSource): number;
  /** BOOL CredWriteW(PCREDENTIALW Credential, DWORD Flags). */
  CredWriteW(credential: BufferSource, flags: number): number;
  /** VOID CredFree(PVOID Buffer). */
  CredFree(buffer: Deno.PointerValue): void;
  /** DWORD GetLastError(), read right after a failed call. */
  GetLastError(): number;
}

const ADVAPI32_SYMBOLS = {
  CredReadW: { parameters: ["buffer", "u32", "u32", "buffer"], result: "i32" },
  CredWriteW: { parameters: ["buffer", "u32"], result: "i32" },
  CredFree: { parameters: ["pointer"], result: "void" },
} as const;

const KERNEL32_SYMBOLS = {
  GetLastError: { parameters: [], result: "u32" },
} as const;

/**
 * Opens advapi32 and kernel32 (needs `--allow-ffi`; Windows only).
 *
 * @returns The functions.
 */
export function loadCredentialApi(): CredentialApi {
  const advapi32 = Deno.dlopen("advapi32.dll", ADVAPI32_SYMBOLS).symbols;
  const kernel32 = Deno.dlopen("kernel32.dll", KERNEL32_SYMBOLS).symbols;
  return { ...advapi32, GetLastError: kernel32.GetLastError };
}

/** A NUL-terminated UTF-16 string, as LPCWSTR parameters want it. */
export function wideString(text: string): Uint16Array<ArrayBuffer> {
  const units = new Uint16Array(text.length + 1);
  for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i);
  return units;
}

function address(buffer: ArrayBufferView<ArrayBuffer>): bigint {
  return BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(buffer)));
}

/** Windows Credential Manager through advapi32. */
export class WindowsCredentialBackend implements KeyringBackend {
  readonly name = "Windows Credential Manager";
  readonly #load: () => CredentialApi;
  #api?: CredentialApi;

  /** @param load Opens the Win32 functions (tests pass a recording fake). */
  constructor(load: () => CredentialApi = loadCredentialApi) {
    this.#load = load;
  }

  #functions(): CredentialApi {
    try {
      this.#api ??= this.#load();
    } catch (error) {
      throw new KeyringUnavailableError(
        `cannot load the Credential Manager API: ${(error as Error).message}`,
      );
    }
    return this.#api;
  }

  get(service: string, account: string): Promise<string | undefined> {
    return settle(() => this.#read(credentialTarget(service, account)));
  }

  set(service: string, account: string, secret: string): Promise<void> {
    return settle(() => this.#write(credentialTarget(service, account), account, secret));
  }

  #read(targetName: string): string | undefined {
    const api = this.#functions();
    const out = new BigUint64Array(1);
    if (!api.CredReadW(wideString(targetName), CRED_TYPE_GENERIC, 0, out)) {
      const code = api.GetLastError();
      if (code === ERROR_NOT_FOUND) return undefined;
      throw new KeyringUnavailableError(`CredReadW failed (error ${code})`);
    }
    const credential = Deno.UnsafePointer.create(out[0]);
    try {
      const view = new Deno.UnsafePointerView(credential!);
      const size = view.getUint32(CREDENTIAL_LAYOUT.credentialBlobSize);
      const blob = new Uint8Array(size);
      const blobPointer = view.getPointer(CREDENTIAL_LAYOUT.credentialBlob);
      if (size > 0 && blobPointer) new Deno.UnsafePointerView(blobPointer).copyInto(blob);
      return new TextDecoder().decode(blob);
    } finally {
      api.CredFree(credential);
    }
  }

  #write(targetName: string, userName: string, secret: string): void {
    const api = this.#functions();
    const target = wideString(targetName);
    const user = wideString(userName);
    const blob = new TextEncoder().encode(secret);
    const struct = new Uint8Array(CREDENTIAL_LAYOUT.size);
    const view = new DataView(struct.buffer);
    view.setUint32(CREDENTIAL_LAYOUT.type, CRED_TYPE_GENERIC, true);
    view.setBigUint64(CREDENTIAL_LAYOUT.targetName, address(target), true);
    view.setUint32(CREDENTIAL_LAYOUT.credentialBlobSize, blob.length, true);
    if (blob.length > 0) {
      view.setBigUint64(CREDENTIAL_LAYOUT.credentialBlob, address(blob), true);
    }
    view.setUint32(CREDENTIAL_LAYOUT.persist, CRED_PERSIST_LOCAL_MACHINE, true);
    view.setBigUint64(CREDENTIAL_LAYOUT.userName, address(user), true);
    const ok = api.CredWriteW(struct, 0);
    // The buffers the struct points into must stay alive until the call returned.
    void [target, user, blob];
    if (!ok) throw new KeyringUnavailableError(`CredWriteW failed (error ${api.GetLastError()})`);
  }
}

/** Runs a synchronous Win32 step, as a promise (errors become rejections). */
function settle<T>(step: () => T): Promise<T> {
  try {
    return Promise.resolve(step());
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * The credential's target name, as go-keyring builds it.
 *
 * @param service The service name.
 * @param account The account name.
 * @returns `<service>:<account>`.
 */
export function credentialTarget(service: string, account: string): string {
  return `${service}:${account}`;
}
