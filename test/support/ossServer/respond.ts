/** Response helpers of the local OSS server: XML and empty bodies, OSS error responses, value encodings. */
import type * as http from 'node:http';
import { XML_DECL, errorXml, type OssError } from './errors';
import type { ServerContext } from './context';

export function iso(d: Date): string {
  return d.toISOString();
}

/** encoding-type=url: strict RFC 3986 percent-encoding. */
export function urlEncodeXml(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The key encoder for a request's `encoding-type` (url, or none). */
export function keyEncoder(url: boolean): (s: string) => string {
  return url ? urlEncodeXml : (s: string): string => s;
}

export function sendXml(res: http.ServerResponse, body: string, status = 200): void {
  const buf = Buffer.from(XML_DECL + body, 'utf8');
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/xml');
  res.setHeader('Content-Length', String(buf.length));
  res.end(buf);
}

export function sendEmpty(res: http.ServerResponse, status = 200): void {
  res.statusCode = status;
  if (status !== 204) {
    res.setHeader('Content-Length', '0');
  }
  res.end();
}

/** x-oss-hash-crc64ecma (a wrong value when a CRC corruption fault is pending). */
export function crcHeader(s: ServerContext, res: http.ServerResponse, crc: bigint): void {
  const v = s.faults.takeCrcCorruption() ? crc ^ 0x5a5a5a5an : crc;
  res.setHeader('x-oss-hash-crc64ecma', v.toString());
}

/** The OSS error response: XML body, or for HEAD no body and the XML base64 in x-oss-err. */
export function sendError(req: http.IncomingMessage, res: http.ServerResponse, err: OssError, requestId: string, hostId: string): void {
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  const body = errorXml(err, requestId, hostId);
  res.statusCode = err.status;
  res.setHeader('x-oss-ec', err.ec);
  if (req.method === 'HEAD') {
    res.setHeader('x-oss-err', Buffer.from(body, 'utf8').toString('base64'));
    res.setHeader('Content-Length', '0');
    res.end();
    return;
  }
  if (err.status === 416 && err.extra.ObjectSize) {
    res.setHeader('Content-Range', `bytes */${err.extra.ObjectSize}`);
  }
  const buf = Buffer.from(body, 'utf8');
  res.setHeader('Content-Type', 'application/xml');
  res.setHeader('Content-Length', String(buf.length));
  res.end(buf);
}
