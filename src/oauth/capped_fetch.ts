/**
 * A fetch that refuses response bodies above a size limit, so a hostile or
 * broken server cannot make the CLI buffer unbounded data.
 * @module
 */

/** A response body exceeded the configured limit. */
export class ResponseTooLargeError extends Error {
  override name = "ResponseTooLargeError";
}

/** The fetch signature oauth4webapi's `customFetch` hook calls. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/**
 * Wraps `fetchImpl` so that every response body is read fully, up to
 * `maxBytes`, before it is handed on.
 *
 * @param fetchImpl The underlying fetch.
 * @param maxBytes The largest accepted body.
 * @returns The wrapping fetch.
 */
export function cappedFetch(fetchImpl: typeof fetch, maxBytes: number): FetchLike {
  return async (url, init) => {
    const response = await fetchImpl(url, init);
    const declared = Number(response.headers.get("content-length"));
    if (declared > maxBytes) {
      await response.body?.cancel();
      throw new ResponseTooLargeError(tooLarge(url, maxBytes));
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    if (response.body) {
      for await (const chunk of response.body) {
        size += chunk.length;
        if (size > maxBytes) throw new ResponseTooLargeError(tooLarge(url, maxBytes));
        chunks.push(chunk);
      }
    }
    const body = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      body.set(chunk, offset);
      offset += chunk.length;
    }
    const nullBody = response.status === 204 || response.status === 304;
    return new Response(nullBody ? null : body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

function tooLarge(url: string, maxBytes: number): string {
  return `response from ${new URL(url).origin} exceeds MAX_RESPONSE_BODY_SIZE (${maxBytes} bytes)`;
}
