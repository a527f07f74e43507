/**
 * Compression with Deno's built-in `CompressionStream`.
 * @module
 */

/**
 * Compresses a byte stream with a `CompressionStream` format.
 *
 * @param data The bytes.
 * @param format `gzip` or `deflate-raw`.
 * @returns The compressed bytes.
 */
export function compress(data: Uint8Array, format: CompressionFormat): Promise<Uint8Array> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(
    new CompressionStream(format),
  );
  return new Response(stream).bytes();
}
