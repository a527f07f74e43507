/**
 * Just enough HTML reading to submit the forms of oidc-provider's pages: the first `<form>`,
 * its inputs (hidden ones included), the buttons that submit it (inside it, or outside with
 * `form="id"`), and the "Cancel" link to an `/abort` URL.
 *
 * @module
 */

/** A submit button, with the name/value pair it adds when pressed. */
export interface FormButton {
  name?: string;
  value: string;
}

/** A parsed form; `action` is absolute. */
export interface HtmlForm {
  action: string;
  method: "GET" | "POST";
  /** Successful controls in document order (unchecked checkboxes/radios left out). */
  fields: [string, string][];
  buttons: FormButton[];
}

/** Parses the first `<form>` of `html`, resolving its action against `pageUrl`. */
export function parseFirstForm(html: string, pageUrl: string): HtmlForm | undefined {
  const match = /<form\b([^>]*)>([\s\S]*?)<\/form\s*>/i.exec(html);
  if (!match) return undefined;
  const formAttributes = parseAttributes(match[1]);
  const inner = match[2];
  const fields: [string, string][] = [];
  for (const input of inner.matchAll(/<input\b([^>]*)>/gi)) {
    const attributes = parseAttributes(input[1]);
    const type = (attributes.type ?? "text").toLowerCase();
    if (attributes.name === undefined || "disabled" in attributes) continue;
    if (["submit", "button", "image", "reset", "file"].includes(type)) continue;
    if ((type === "checkbox" || type === "radio") && !("checked" in attributes)) continue;
    fields.push([attributes.name, attributes.value ?? (type === "checkbox" ? "on" : "")]);
  }

  const buttons: FormButton[] = [];
  const id = formAttributes.id;
  for (const button of html.matchAll(/<button\b([^>]*)>/gi)) {
    const attributes = parseAttributes(button[1]);
    const type = (attributes.type ?? "submit").toLowerCase();
    if (type !== "submit") continue;
    const inside = button.index > match.index && button.index < match.index + match[0].length;
    const linked = id !== undefined && attributes.form === id;
    if (inside || linked) buttons.push({ name: attributes.name, value: attributes.value ?? "" });
  }

  const method = (formAttributes.method ?? "get").toUpperCase() === "POST" ? "POST" : "GET";
  const action = new URL(formAttributes.action ?? pageUrl, pageUrl).href;
  return { action, method, fields, buttons };
}

/** The absolute URL of the first link whose path ends in `/abort`, if any. */
export function findAbortLink(html: string, pageUrl: string): string | undefined {
  for (const link of html.matchAll(/<a\b([^>]*)>/gi)) {
    const href = parseAttributes(link[1]).href;
    if (href === undefined) continue;
    const url = new URL(href, pageUrl);
    if (url.pathname.endsWith("/abort")) return url.href;
  }
  return undefined;
}

/** Parses `name="value"` / `name='value'` / `name=value` / bare `name` attributes. */
function parseAttributes(source: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  const pattern = /([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?/g;
  for (const m of source.matchAll(pattern)) {
    attributes[m[1].toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? "");
  }
  return attributes;
}

function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] === "#") {
      const code = entity[1] === "x" || entity[1] === "X"
        ? parseInt(entity.slice(2), 16)
        : parseInt(entity.slice(1), 10);
      return String.fromCodePoint(code);
    }
    return named[entity.toLowerCase()] ?? whole;
  });
}
