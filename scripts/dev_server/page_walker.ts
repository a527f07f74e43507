/**
 * The no-human browser: walks an authorization server's HTML pages (user code entry, device
 * confirmation, login, consent) by submitting each page's first form, with a cookie jar, until
 * a redirect leaves the server's origin (the client's redirect_uri) or a page has nothing left
 * to submit (the device flow's success page).
 *
 * @module
 */

import { CookieJar } from "./cookie_jar.ts";
import { findAbortLink, type HtmlForm, parseFirstForm } from "./html_form.ts";

/** How to walk. */
export interface WalkOptions {
  /** Values for inputs of these names (other inputs keep the value the page gave them). */
  fill?: { login?: string; password?: string; user_code?: string };
  /**
   * Deny instead of approving: press the first `abort` button met (the device confirmation
   * page) or follow the first link to `.../abort` (the "Cancel" link of oidc-provider's login
   * and consent pages), then only follow redirects.
   */
  deny?: boolean;
  /** Stop, without fetching it, at the first URL (page or redirect target) this accepts. */
  stopAt?: (url: string) => boolean;
  /** Give up after this many requests (default 25). */
  maxSteps?: number;
}

/**
 * Walks from `startUrl` and returns the final URL: the first redirect target outside
 * `startUrl`'s origin or accepted by `stopAt` (not fetched), or else the URL of the first page
 * without a form (or, when denying, the page reached after the denial).
 *
 * Throws when the server answers an error status, when it sends back the form just submitted
 * (a wrong user code, say), or after `maxSteps` requests.
 */
export async function walkPages(startUrl: string, options: WalkOptions = {}): Promise<string> {
  const origin = new URL(startUrl).origin;
  const jar = new CookieJar();
  const maxSteps = options.maxSteps ?? 25;
  let url = startUrl;
  let body: URLSearchParams | undefined;
  let denied = false;
  let submitted: string | undefined;

  for (let step = 0; step < maxSteps; step++) {
    if (options.stopAt?.(url)) return url;
    const headers = new Headers();
    const cookie = jar.headerFor(url);
    if (cookie) headers.set("cookie", cookie);
    const response = await fetch(url, {
      method: body ? "POST" : "GET",
      body,
      headers,
      redirect: "manual",
    });
    jar.store(response);

    const location = response.headers.get("location");
    if (response.status >= 300 && response.status < 400 && location !== null) {
      await response.body?.cancel();
      url = new URL(location, url).href;
      body = undefined;
      if (new URL(url).origin !== origin) return url;
      continue;
    }

    const html = await response.text();
    if (denied) return url;
    if (response.status >= 400) {
      throw new Error(`page walk: ${response.status} at ${url}: ${pageText(html)}`);
    }

    const form = parseFirstForm(html, url);
    if (options.deny) {
      const abortLink = findAbortLink(html, url);
      const abortButton = form?.buttons.find((b) => b.name === "abort");
      if (form && abortButton) {
        denied = true;
        ({ url, body } = submission(form, options.fill, abortButton));
        continue;
      }
      if (abortLink) {
        denied = true;
        url = abortLink;
        body = undefined;
        continue;
      }
    }
    if (!form) return url;

    // The same form coming back means the server refused what was submitted.
    const signature = `${form.action} ${form.fields.map(([name]) => name).join(",")}`;
    if (signature === submitted) {
      throw new Error(`page walk: the form at ${url} was refused: ${pageText(html)}`);
    }
    submitted = signature;
    const button = form.buttons.find((b) => b.name !== "abort");
    ({ url, body } = submission(form, options.fill, button));
  }
  throw new Error(`page walk: not finished after ${maxSteps} requests (at ${url})`);
}

/** The request that submitting `form` with `button` makes. */
function submission(
  form: HtmlForm,
  fill: WalkOptions["fill"] = {},
  button?: { name?: string; value: string },
): { url: string; body: URLSearchParams | undefined } {
  const values = new URLSearchParams();
  for (const [name, value] of form.fields) {
    const filled = (fill as Record<string, string | undefined>)[name];
    values.append(name, filled ?? value);
  }
  if (button?.name) values.append(button.name, button.value);
  if (form.method === "POST") return { url: form.action, body: values };
  const target = new URL(form.action);
  target.search = values.toString();
  return { url: target.href, body: undefined };
}

/** A page's visible text, shortened, for error messages. */
function pageText(html: string): string {
  const text = html
    .replace(/<(style|script)\b[\s\S]*?<\/\1>/gi, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return text.length > 300 ? `${text.slice(0, 300)}...` : text;
}
