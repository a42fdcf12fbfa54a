/** Shared helpers for the local OSS server tests: ali-oss clients and raw (node:http) signed requests. */
import * as http from 'node:http';
import { createHash } from 'node:crypto';
import type { OssServer } from '../../support/ossServer';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AliOss = any;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const OSS: any = require('ali-oss');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const signUtils: any = require('ali-oss/lib/common/signUtils');

export interface ClientMode {
  name: string;
  v4: boolean;
  /** 'vhost': IP endpoint, ali-oss sends Host: <bucket>.oss-<region>.aliyuncs.com; 'path': localhost endpoint + sldEnable. */
  style: 'vhost' | 'path';
}

export const MODES: ClientMode[] = [
  { name: 'V1 virtual-host', v4: false, style: 'vhost' },
  { name: 'V1 path-style', v4: false, style: 'path' },
  { name: 'V4 virtual-host', v4: true, style: 'vhost' },
  { name: 'V4 path-style', v4: true, style: 'path' },
];

export function aliClient(server: OssServer, mode: ClientMode, bucket?: string, extra: Record<string, unknown> = {}): AliOss {
  if (extra.stsToken && !extra.refreshSTSToken) {
    // Silences ali-oss's "It's recommended to set 'refreshSTSToken'" warning; never actually called.
    extra = {
      ...extra,
      refreshSTSTokenInterval: 24 * 3600 * 1000,
      refreshSTSToken: async () => ({ accessKeyId: extra.accessKeyId, accessKeySecret: extra.accessKeySecret, stsToken: extra.stsToken }),
    };
  }
  const endpoint = mode.style === 'path' ? server.endpoint.replace('127.0.0.1', 'localhost') : server.endpoint;
  return new OSS({
    endpoint,
    region: `oss-${server.region}`,
    accessKeyId: server.accessKeyId,
    accessKeySecret: server.accessKeySecret,
    bucket,
    authorizationV4: mode.v4,
    sldEnable: mode.style === 'path',
    timeout: 10000,
    ...extra,
  });
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text: string;
}

export interface RawRequest {
  method: string;
  /** Already-encoded path with query, e.g. '/bucket/key%20x?uploads'. */
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  host?: string;
}

export function rawRequest(server: OssServer, r: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const body = r.body === undefined ? undefined : Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body, 'utf8');
    const headers: Record<string, string> = { ...(r.headers ?? {}) };
    if (body) {
      headers['content-length'] = String(body.length);
    }
    if (r.host) {
      headers.host = r.host;
    }
    const req = http.request({ host: '127.0.0.1', port: server.port, method: r.method, path: r.path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const b = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: b, text: b.toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Strict RFC 3986 encoding keeping '/'. */
export function encodeKey(key: string): string {
  return encodeURIComponent(key).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replace(/%2F/g, '/');
}

export interface SignedRequest {
  method: string;
  bucket?: string;
  key?: string;
  /** Query params (decoded); '' = valueless. */
  query?: [string, string][];
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** Use a different secret (to provoke SignatureDoesNotMatch). */
  secret?: string;
  accessKeyId?: string;
  date?: Date;
  token?: string;
}

const SUBRES = new Set(['acl', 'uploads', 'delete', 'uploadId', 'partNumber', 'continuation-token', 'security-token',
  'response-content-type', 'response-content-disposition', 'objectMeta', 'location', 'bucketInfo', 'tagging', 'versionId',
  'versioning', 'versions', 'restore']);

/** A path-style request signed with V1 (via ali-oss's signUtils). */
export function signedRequest(server: OssServer, s: SignedRequest): Promise<RawResponse> {
  const date = (s.date ?? new Date()).toUTCString();
  const headers: Record<string, string> = { date, ...(s.headers ?? {}) };
  if (s.token) {
    headers['x-oss-security-token'] = s.token;
  }
  const query = s.query ?? [];
  const sub: Record<string, string> = {};
  for (const [k, v] of query) {
    if (SUBRES.has(k) || k.startsWith('x-oss-') || k.startsWith('response-')) {
      sub[k] = v;
    }
  }
  const resource = s.bucket ? `/${s.bucket}/${s.key ?? ''}` : '/';
  const lower: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    lower[k.toLowerCase()] = v;
  }
  const sts = signUtils.buildCanonicalString(s.method, resource, { headers: lower, parameters: Object.keys(sub).length ? sub : undefined }, date);
  const sig = signUtils.computeSignature(s.secret ?? server.accessKeySecret, sts);
  headers.authorization = `OSS ${s.accessKeyId ?? server.accessKeyId}:${sig}`;
  const qs = query.map(([k, v]) => (v === '' ? encodeURIComponent(k) : `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)).join('&');
  const path = (s.bucket ? `/${s.bucket}/${s.key ? encodeKey(s.key) : ''}` : '/') + (qs ? `?${qs}` : '');
  return rawRequest(server, { method: s.method, path, headers, body: s.body });
}

export function md5b64(b: Buffer | string): string {
  return createHash('md5').update(b).digest('base64');
}

/** Reads <Tag>value</Tag> (first) from an XML string. */
export function xmlTag(xml: string, tag: string): string | undefined {
  const m = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(xml);
  return m ? m[1] : undefined;
}

export function xmlTags(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1]);
}

export function xmlUnescape(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}
