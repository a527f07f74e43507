/**
 * The small HTML page the browser gets from the loopback callback: success or
 * error, never a token. No scripts, styles or links: the page is served with
 * `Content-Security-Policy: default-src 'none'`.
 * @module
 */

/** What the callback answers. */
export interface CallbackPage {
  status: number;
  title: string;
  message: string;
}

/** Headers of every callback response. */
export const CALLBACK_HEADERS: Readonly<Record<string, string>> = {
  "Content-Type": "text/html; charset=utf-8",
  "Content-Security-Policy": "default-src 'none'",
  "Cache-Control": "no-store",
  "X-Frame-Options": "DENY",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Renders the page.
 *
 * @param page Status, title and message (plain text; escaped here).
 * @returns The HTML document.
 */
export function renderCallbackPage(page: CallbackPage): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>authgate: ${
    escapeHtml(page.title)
  }</title></head>
<body><h1>${escapeHtml(page.title)}</h1><p>${escapeHtml(page.message)}</p></body></html>
`;
}
