/**
 * Reads a request's form body before oidc-provider does, for middlewares that decide on it.
 * Reading the stream consumes it, so the text is handed on as `req.body`, which oidc-provider
 * (and the next such middleware) reads instead.
 *
 * @module
 */

import type { KoaContext } from "./load_provider.ts";

/** The raw body of `ctx`'s request, read once. */
export async function readRequestBody(ctx: KoaContext): Promise<string> {
  if (typeof ctx.req.body === "string") return ctx.req.body;
  const decoder = new TextDecoder();
  let text = "";
  for await (const chunk of ctx.req) text += decoder.decode(chunk, { stream: true });
  ctx.req.body = text + decoder.decode();
  return ctx.req.body as string;
}
