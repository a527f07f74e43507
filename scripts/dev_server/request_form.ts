/**
 * The form of a POST, read before oidc-provider sees the request, by any number of the dev
 * server's middlewares.
 *
 * @module
 */

import type { KoaContext } from "./load_provider.ts";

/**
 * Reads the request body once. Reading the stream consumes it, so the text is handed on as
 * `req.body`, which oidc-provider (and the next caller of this function) reads instead.
 * The grant type is left in `ctx.state.grantType` for the request counters, since a request
 * answered before oidc-provider's route never gets `ctx.oidc.params`.
 */
export async function readForm(ctx: KoaContext): Promise<URLSearchParams> {
  if (typeof ctx.req.body !== "string") {
    const decoder = new TextDecoder();
    let text = "";
    for await (const chunk of ctx.req) text += decoder.decode(chunk, { stream: true });
    ctx.req.body = text + decoder.decode();
  }
  const params = new URLSearchParams(ctx.req.body as string);
  ctx.state.grantType = params.get("grant_type") ?? undefined;
  return params;
}
