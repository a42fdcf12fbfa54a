/** Request bodies for the local OSS server: streamed into blobs (hashing as they arrive), small XML bodies, Content-MD5. */
import type * as http from 'node:http';
import { OssError, RequestAborted } from './errors';
import { malformedXml, type ServerContext } from './context';
import { headerStr } from './headers';
import { BlobWriter, type Blob } from './store';

/** Streams the request body into a blob (memory or file), hashing as it goes. Applies request-reset faults. */
export function receiveBody(s: ServerContext, req: http.IncomingMessage): Promise<Blob> {
  const lenHeader = headerStr(req, 'content-length');
  const expected = lenHeader !== undefined && /^\d+$/.test(lenHeader) ? Number(lenHeader) : undefined;
  const hasBody = expected === undefined ? req.headers['transfer-encoding'] !== undefined : expected > 0;
  const resetAfter = hasBody ? s.faults.takeRequestReset(expected) : undefined;
  const w = new BlobWriter(s.store, expected);
  return new Promise<Blob>((resolve, reject) => {
    let seen = 0;
    let done = false;
    const fail = (e: Error): void => {
      if (!done) {
        done = true;
        w.abort();
        reject(e);
      }
    };
    req.on('data', (chunk: Buffer) => {
      if (done) {
        return;
      }
      if (resetAfter !== undefined) {
        if (seen + chunk.length >= resetAfter) {
          fail(new RequestAborted('injected request reset'));
          req.socket.destroy();
          return;
        }
        seen += chunk.length;
      }
      if (!w.write(chunk)) {
        req.pause();
        w.waitDrain(() => req.resume());
      }
    });
    req.on('end', () => {
      if (done) {
        return;
      }
      done = true;
      w.finish().then(resolve, reject);
    });
    req.on('error', (e) => fail(e));
    req.on('close', () => {
      if (!req.complete) {
        fail(new RequestAborted('client aborted'));
      }
    });
  });
}

/** A body of at most `limit` bytes (XML documents), read whole; larger ones are MalformedXML. */
export async function receiveSmallBody(s: ServerContext, req: http.IncomingMessage, limit: number): Promise<Buffer> {
  const blob = await receiveBody(s, req);
  try {
    if (blob.size > limit) {
      throw malformedXml();
    }
    return await s.store.readBlobBytes(blob);
  } finally {
    discardBlob(s, blob);
  }
}

/** Frees a received blob that no object or part took. */
export function discardBlob(s: ServerContext, blob: Blob): void {
  s.store.retain(blob);
  s.store.release(blob);
}

export function checkContentMd5(req: http.IncomingMessage, blob: Blob): void {
  const md5 = headerStr(req, 'content-md5');
  if (md5 === undefined) {
    return;
  }
  const given = Buffer.from(md5.trim(), 'base64');
  if (given.length !== 16 || !given.equals(blob.md5)) {
    throw new OssError(400, 'InvalidDigest', 'The Content-MD5 you specified was invalid.', { 'Content-MD5': md5 });
  }
}
