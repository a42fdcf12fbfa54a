/** What the per-family operation modules share: the request interface they run on and small field readers. */
import { createHash } from 'node:crypto';
import { OssClientError } from './errors';
import type { OssRequest, OssResponse } from './http';
import { parseXml, type XmlNode } from './xml';
import { t } from '../translate';

/** The one thing an operation needs from the client: a validated, signed, retried request. */
export interface Requester {
  request(req: OssRequest): Promise<OssResponse>;
}

export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;

/** The response body as XML; MalformedResponse when it is not. */
export function xmlBody(res: OssResponse, op: string): XmlNode {
  try {
    return parseXml(res.body.toString('utf8'));
  } catch {
    throw new OssClientError('MalformedResponse', t('The server sent an unreadable XML body (HTTP {0})', res.status), op);
  }
}

export function md5Base64(b: Uint8Array): string {
  return createHash('md5').update(b).digest('base64');
}

export function num(s: string | undefined): number {
  const n = Number(s);
  return Number.isFinite(n) ? n : 0;
}

export function date(s: string | undefined): Date | undefined {
  if (!s) return undefined;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** Adds `<prefix><name>` headers for user metadata (`x-oss-meta-` for OSS, `x-amz-meta-` for S3). */
export function metaHeaders(meta: Record<string, string> | undefined, into: Record<string, string>, prefix = 'x-oss-meta-'): void {
  if (!meta) return;
  for (const [k, v] of Object.entries(meta)) {
    const name = k.toLowerCase();
    if (!/^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) throw new OssClientError('InvalidArgument', t('Invalid metadata name {0}', JSON.stringify(k)));
    if (/[^\x20-\x7e\t]/.test(v)) throw new OssClientError('InvalidArgument', t('Metadata {0} must be printable ASCII', k));
    into[`${prefix}${name}`] = v;
  }
}

export function readMeta(headers: Record<string, string>, prefix = 'x-oss-meta-'): Record<string, string> {
  const meta: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (k.startsWith(prefix)) meta[k.slice(prefix.length)] = v;
  return meta;
}

export function unquote(etag: string | undefined): string | undefined {
  return etag === undefined ? undefined : etag.replace(/^"|"$/g, '');
}
