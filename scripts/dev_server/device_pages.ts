/**
 * The HTML pages of the device flow (user code entry, confirmation, success) and the error
 * page, as oidc-provider page sources.
 *
 * oidc-provider's built-in versions work but print a "you SHOULD change it" NOTICE on stdout
 * the first time each is used, which would land in `main.ts`'s machine-read stdout. These
 * keep the same forms (oidc-provider renders `form` itself, with its xsrf token) and the same
 * `abort` button, so the page walker treats both alike.
 *
 * @module
 */

import type { KoaContext } from "./load_provider.ts";

/** `features.deviceFlow.userCodeInputSource`: the page behind `verification_uri`. */
export function userCodeInputSource(
  ctx: KoaContext,
  form: string,
  _out: unknown,
  err?: { name?: string; userCode?: string },
): Promise<void> {
  let message = "<p>Enter the code displayed on your device</p>";
  if (err?.userCode || err?.name === "NoCodeError") {
    message = '<p class="error">The code you entered is incorrect. Try again</p>';
  } else if (err?.name === "AbortedError") {
    message = '<p class="error">The Sign-in request was interrupted</p>';
  } else if (err) {
    message = '<p class="error">There was an error processing your request</p>';
  }
  ctx.body = page(
    "Sign-in",
    `${message}${form}<button type="submit" form="op.deviceInputForm">Continue</button>`,
  );
  return Promise.resolve();
}

/** `features.deviceFlow.userCodeConfirmSource`: "is this the code on your device?". */
export function userCodeConfirmSource(
  ctx: KoaContext,
  form: string,
  client: { clientName?: string; clientId: string },
  _deviceInfo: unknown,
  userCode: string,
): Promise<void> {
  const name = escapeHtml(client.clientName ?? client.clientId);
  ctx.body = page(
    "Confirm Device",
    `<p><strong>${name}</strong> shows the code <code>${escapeHtml(userCode)}</code></p>
${form}
<button autofocus type="submit" form="op.deviceConfirmForm">Continue</button>
<button type="submit" form="op.deviceConfirmForm" value="yes" name="abort">[ Abort ]</button>`,
  );
  return Promise.resolve();
}

/** `features.deviceFlow.successSource`: shown once the device is approved. */
export function successSource(ctx: KoaContext): Promise<void> {
  ctx.body = page(
    "Sign-in Success",
    "<p>Your sign-in was successful, you can close this page.</p>",
  );
  return Promise.resolve();
}

/** `renderError`: oidc-provider sets the status; this only writes the body. */
export function renderError(
  ctx: KoaContext & { type: string },
  out: Record<string, string>,
): Promise<void> {
  ctx.type = "html";
  const details = Object.entries(out)
    .map(([key, value]) => `<pre><strong>${escapeHtml(key)}</strong>: ${escapeHtml(value)}</pre>`)
    .join("");
  ctx.body = page("oops! something went wrong", details);
  return Promise.resolve();
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${title}</title></head>
<body><h1>${title}</h1>
${body}
</body></html>`;
}

function escapeHtml(text: string): string {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
