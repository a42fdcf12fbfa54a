/**
 * Size caps for everything the client holds in memory from a server: buffered XML responses and
 * error bodies. A hostile or broken endpoint must not be able to make the extension buffer (or
 * parse) an unbounded document.
 */
import type { Readable } from 'node:stream';

/** Largest XML document parsed or buffered (a ListObjectsV2 page of 1000 long url-encoded keys fits). */
export const MAX_XML_BYTES = 8 * 1024 * 1024;

/** Largest error body read; an OSS error document is well under 1 KiB. */
export const MAX_ERROR_BODY_BYTES = 1024 * 1024;

/** A response body (or document) was larger than the cap it is read under. */
export class ResponseTooLargeError extends Error {
  readonly code = 'ResponseTooLarge';
  constructor(readonly limit: number, what = 'The response body') {
    super(`${what} is too large (more than ${limit} bytes)`);
    this.name = 'ResponseTooLargeError';
  }
}

function toBuffer(c: unknown): Buffer {
  if (Buffer.isBuffer(c)) return c;
  if (typeof c === 'string') return Buffer.from(c, 'utf8');
  if (c instanceof Uint8Array) return Buffer.from(c.buffer, c.byteOffset, c.byteLength);
  throw new TypeError('readCapped: unexpected chunk type');
}

/**
 * Reads a whole stream into one Buffer, refusing (with {@link ResponseTooLargeError}) as soon as
 * more than `limit` bytes arrive; the stream is then destroyed so the connection is not drained.
 * `onChunk` runs for every chunk (e.g. to reset an idle timer).
 */
export async function readCapped(stream: Readable, limit: number, onChunk?: (bytes: number) => void): Promise<Buffer> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const c of stream) {
    const b = toBuffer(c);
    onChunk?.(b.length);
    n += b.length;
    if (n > limit) {
      stream.destroy();
      throw new ResponseTooLargeError(limit);
    }
    parts.push(b);
  }
  return parts.length === 1 ? parts[0] : Buffer.concat(parts, n);
}

/** Throws {@link ResponseTooLargeError} when `text` is more than `limit` UTF-8 bytes. */
export function assertTextWithin(text: string, limit: number, what: string): void {
  // UTF-8 takes 1-3 bytes per UTF-16 unit: only count bytes when the length alone cannot decide.
  if (text.length > limit || (text.length * 3 > limit && Buffer.byteLength(text, 'utf8') > limit)) {
    throw new ResponseTooLargeError(limit, what);
  }
}
