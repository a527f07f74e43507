/**
 * Loads oidc-provider lazily, with its expected start-up warnings filtered out.
 *
 * oidc-provider is untyped (no bundled types, no @types package), so this module also declares
 * the small part of its API the dev server uses.
 *
 * @module
 */

import type { IncomingMessage, ServerResponse } from "node:http";

/** The Koa context fields the dev server's middlewares use. */
export interface KoaContext {
  method: string;
  path: string;
  status: number;
  body: unknown;
  req: IncomingMessage & { body?: unknown };
  /** Koa's per-request namespace, shared by the dev server's middlewares. */
  state: Record<string, unknown>;
  get(header: string): string;
  set(header: string, value: string): void;
  /** Present once an oidc-provider route has handled the request. */
  oidc?: { route?: string; params?: Record<string, unknown>; body?: Record<string, unknown> };
}

/** A Koa middleware as `provider.use` takes it. */
export type KoaMiddleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;

/** What the dev server reads from a stored access token (`provider.AccessToken.find`). */
export interface StoredAccessToken {
  accountId?: string;
  clientId: string;
  scope?: string;
  exp: number;
  isValid: boolean;
}

/** The part of an oidc-provider `Provider` instance the dev server uses. */
export interface OidcProvider {
  issuer: string;
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  use(middleware: KoaMiddleware): void;
  AccessToken: { find(token: string): Promise<StoredAccessToken | undefined> };
  /** Client Credentials tokens are a model of their own (no account). */
  ClientCredentials: { find(token: string): Promise<StoredAccessToken | undefined> };
}

/** The Provider constructor. */
export type ProviderConstructor = new (
  issuer: string,
  configuration: Record<string, unknown>,
) => OidcProvider;

// Warnings oidc-provider prints that this dev server triggers on purpose: Deno is not a
// runtime it supports officially (it works, see the toolchain notes), devInteractions is the
// point of a no-human test server, and the device-poll middleware hands it a pre-read body.
const EXPECTED_WARNINGS = [
  "oidc-provider WARNING: Unsupported runtime.",
  "oidc-provider WARNING: a quick start development-only feature devInteractions is enabled",
  "oidc-provider WARNING: already parsed request body detected",
];

let loading: Promise<ProviderConstructor> | undefined;

/** Imports oidc-provider once per process (lazy, so importing this module costs nothing). */
export function loadProvider(): Promise<ProviderConstructor> {
  loading ??= importQuietly();
  return loading;
}

async function importQuietly(): Promise<ProviderConstructor> {
  filterExpectedWarnings();
  const module = await import("oidc-provider");
  return module.default as ProviderConstructor;
}

/**
 * Installs, once, a console.warn filter that drops exactly the warnings listed above and passes
 * everything else through. It stays installed (rather than being swapped in and out around each
 * call) because the warnings come at import, at each `new Provider` and at request time, and
 * swapping a global around awaits would race between concurrent servers.
 */
function filterExpectedWarnings(): void {
  const original = console.warn;
  console.warn = (...args: unknown[]) => {
    const first = args[0];
    // `includes`, not `startsWith`: on a TTY oidc-provider wraps the text in colour codes.
    if (typeof first === "string" && EXPECTED_WARNINGS.some((w) => first.includes(w))) return;
    original(...args);
  };
}
