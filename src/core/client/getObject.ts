/** GetObject as a checked stream (length, CRC-64, idle time-out) and as an in-memory buffer. */
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { Crc64 } from '../crc64';
import type { GetObjectOptions, GetObjectResult } from './options';
import { OssClientError, crcMismatch } from './errors';
import type { OssResponse, StreamControl } from './http';
import { MiB, date, num, readMeta, unquote, type Requester } from './common';
import { versionQuery } from './object';
import { t } from '../translate';

/** Streams an object. A whole-object GET verifies CRC-64 (and length) at the end of the stream. */
export async function getObject(c: Requester, bucket: string, key: string, opts: GetObjectOptions = {}): Promise<GetObjectResult> {
  const headers: Record<string, string> = {};
  if (opts.range) {
    const { start, end } = opts.range;
    if (!(start >= 0) || (end !== undefined && end < start)) {
      throw new OssClientError('InvalidArgument', t('Invalid range {0}-{1}', start, end ?? ''));
    }
    headers['range'] = `bytes=${start}-${end ?? ''}`;
    headers['x-oss-range-behavior'] = 'standard';
  }
  if (opts.ifMatch) headers['if-match'] = `"${opts.ifMatch.replace(/^"|"$/g, '')}"`;
  const op = `GetObject ${bucket}/${key}`;
  const res = await c.request({
    op: 'GetObject', method: 'GET', bucket, key, query: versionQuery(opts.versionId), headers, signal: opts.signal, response: 'stream',
  });
  const h = res.headers;
  const { size, totalSize } = bodySizes(h);
  const crc = h['x-oss-hash-crc64ecma'];
  const whole = res.status === 200 && opts.verifyCrc !== false;
  const verify: BodyVerify | undefined = whole && crc !== undefined
    ? { hasher: new Crc64(), expected: crc, mismatch: (got) => crcMismatch('downloaded object', got, crc, op) }
    : undefined;
  const checker = checkedBody(res, verify, size, op, opts.onData);
  return {
    stream: checker,
    size,
    totalSize,
    contentType: h['content-type'],
    etag: unquote(h['etag']),
    lastModified: date(h['last-modified']),
    crc64: crc,
    meta: readMeta(h),
    status: res.status,
    versionId: h['x-oss-version-id'],
  };
}

/** Bytes in this response and in the whole object (from Content-Range for a ranged GET). */
export function bodySizes(h: Record<string, string>): { size?: number; totalSize?: number } {
  // No Content-Length (a chunked response): the length is unknown, not zero.
  const size = h['content-length'] !== undefined ? num(h['content-length']) : undefined;
  const cr = /\/(\d+)\s*$/.exec(h['content-range'] ?? '');
  return { size, totalSize: cr ? Number(cr[1]) : size };
}

/** Reads a (small) object into memory, CRC-checked. */
export async function getObjectBuffer(
  c: Requester,
  bucket: string,
  key: string,
  opts: GetObjectOptions & { maxBytes?: number } = {},
): Promise<Omit<GetObjectResult, 'stream' | 'size'> & { size: number; body: Buffer }> {
  return bufferResult(await getObject(c, bucket, key, opts), opts.maxBytes, `GetObject ${bucket}/${key}`);
}

/** Reads a GetObject result into memory (at most `maxBytes`, default 64 MiB); the stream's checks still apply. */
export async function bufferResult(
  r: GetObjectResult,
  maxBytes: number | undefined,
  op: string,
): Promise<Omit<GetObjectResult, 'stream' | 'size'> & { size: number; body: Buffer }> {
  const max = maxBytes ?? 64 * MiB;
  const tooLarge = (size?: number): OssClientError => {
    r.stream.destroy();
    const message = size === undefined
      ? t('Object is larger than the {0}-byte limit for in-memory reads', max)
      : t('Object is {0} bytes, more than the {1}-byte limit for in-memory reads', size, max);
    return new OssClientError('EntityTooLarge', message, op);
  };
  if (r.size !== undefined && r.size > max) throw tooLarge(r.size);
  // Counted as well: a response without Content-Length announces nothing.
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const chunk of r.stream) {
    n += (chunk as Buffer).length;
    if (n > max) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  const body = Buffer.concat(chunks);
  const { stream: _s, ...rest } = r;
  return { ...rest, size: body.length, totalSize: rest.totalSize ?? body.length, body };
}

/** A whole-object check at the end of a body: CRC-64 (OSS), CRC-32C or MD5 (S3). */
export interface BodyVerify {
  hasher: { update(chunk: Uint8Array): unknown; toString(): string };
  /** The value the server announced, in the hasher's toString() form. */
  expected: string;
  mismatch(got: string): Error;
}

/** The response's body stream piped through a {@link DownloadCheck}, wired to its stream control. */
export function checkedBody(res: OssResponse, verify: BodyVerify | undefined, size: number | undefined, op: string, onData?: (chunk: Buffer) => void): Transform {
  const source = res.stream as Readable;
  const ctl = res.streamControl as StreamControl;
  const checker = new DownloadCheck(verify, size, op, ctl, onData);
  source.on('error', (e) => checker.destroy(ctl.wrap(e)));
  checker.on('close', () => {
    ctl.done();
    if (!source.destroyed && !source.readableEnded) source.destroy();
  });
  source.pipe(checker);
  return checker;
}

/**
 * The one Transform on a GetObject body: re-arms the idle time-out, verifies length and (for
 * whole-object reads) the checksum at the end, and feeds an optional per-chunk hook.
 */
class DownloadCheck extends Transform {
  private bytes = 0;
  constructor(
    private readonly verify: BodyVerify | undefined,
    private readonly expectedSize: number | undefined,
    private readonly op: string,
    private readonly ctl: StreamControl,
    private readonly onData?: (chunk: Buffer) => void,
  ) {
    super({ highWaterMark: 1 << 20 });
  }
  override _transform(chunk: Buffer, _e: BufferEncoding, cb: TransformCallback): void {
    this.ctl.touch();
    this.bytes += chunk.length;
    this.verify?.hasher.update(chunk);
    if (this.onData) {
      try {
        this.onData(chunk);
      } catch (err) {
        return cb(err as Error);
      }
    }
    cb(null, chunk);
  }
  override _flush(cb: TransformCallback): void {
    this.ctl.done();
    if (this.expectedSize !== undefined && this.bytes !== this.expectedSize) {
      return cb(new OssClientError('TruncatedBody', t('Received {0} of {1} bytes', this.bytes, this.expectedSize), this.op));
    }
    if (this.verify) {
      const got = this.verify.hasher.toString();
      if (got !== this.verify.expected) return cb(this.verify.mismatch(got));
    }
    cb();
  }
}
