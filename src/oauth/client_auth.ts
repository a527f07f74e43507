/**
 * Client authentication at the token, revocation and introspection endpoints:
 * none for a public client, else `client_secret_basic` or `client_secret_post`,
 * chosen from the server's metadata unless configured.
 * @module
 */

import * as oauth from "oauth4webapi";
import type { ClientAuthSetting } from "../config/network_settings.ts";

/** The methods this client can use. */
export type ClientAuthMethod = "none" | "client_secret_basic" | "client_secret_post";

/**
 * Chooses the method. A public client (no secret) sends none. Otherwise a
 * configured method wins; else the server's `token_endpoint_auth_methods_supported`
 * decides: `client_secret_basic` when listed or when the list is absent (RFC 8414's
 * default; RFC 6749 section 2.3.1 says servers MUST support it), `client_secret_post`
 * when only that is listed. A list naming neither gets basic and a warning.
 *
 * @param secret The client secret, if any.
 * @param setting The configured method (`auto` to follow the server).
 * @param supported The server's list, if it published one.
 * @param warn Receives the warning.
 * @returns The method.
 */
export function chooseClientAuthMethod(
  secret: string | undefined,
  setting: ClientAuthSetting,
  supported: readonly string[] | undefined,
  warn: (message: string) => void,
): ClientAuthMethod {
  if (!secret) return "none";
  if (setting !== "auto") return setting;
  if (!supported || supported.includes("client_secret_basic")) return "client_secret_basic";
  if (supported.includes("client_secret_post")) return "client_secret_post";
  warn(
    `the server lists neither client_secret_basic nor client_secret_post ` +
      `(token_endpoint_auth_methods_supported: ${
        supported.join(", ")
      }); trying client_secret_basic`,
  );
  return "client_secret_basic";
}

/**
 * oauth4webapi's implementation of a method.
 *
 * @param method The method.
 * @param secret The client secret (ignored for `none`).
 * @returns The client authentication to pass to every request.
 */
export function clientAuthFor(method: ClientAuthMethod, secret = ""): oauth.ClientAuth {
  switch (method) {
    case "client_secret_basic":
      return oauth.ClientSecretBasic(secret);
    case "client_secret_post":
      return oauth.ClientSecretPost(secret);
    case "none":
      return oauth.None();
  }
}
