/**
 * Links to objects: signed (presigned) URLs, plain URLs and oss:// paths. S3 connections sign
 * with AWS Signature V4 and use the connection's addressing (path-style or virtual-hosted).
 */
import { resolveAddress } from '../core/signer';
import { presignObject } from '../core/client';
import type { HttpMethod } from '../core/signer';
import type { Session } from './factory';

export interface SignLinkOptions {
  method: Extract<HttpMethod, 'GET' | 'PUT' | 'DELETE' | 'HEAD'>;
  expiresInSeconds: number;
  /** PUT: the Content-Type the uploader must send (signed). */
  contentType?: string;
  /** GET: response-content-disposition value. */
  contentDisposition?: string;
  /** Use the connection's custom domain (default: when it has one). */
  useCustomDomain?: boolean;
  /** GET: an OSS processing instruction (`x-oss-process`, e.g. `image/resize,w_800`), signed with the link; ignored without the imageProcess capability. */
  process?: string;
  now?: Date;
}

export interface SignedLink {
  url: string;
  expiresAt: Date;
  /** The link ends earlier than asked because the STS token expires first. */
  limitedByToken: boolean;
  tokenExpiration?: Date;
}

function linkEndpoint(session: Session, useCustomDomain?: boolean): { endpoint: string; cname: boolean } {
  const domain = session.capabilities.customDomain ? session.connection.customDomain : undefined;
  if (domain && useCustomDomain !== false) return { endpoint: domain, cname: true };
  return { endpoint: session.endpoint, cname: session.cname };
}

/** The processing instruction to send, when the service has image processing. */
function processOf(session: Session, process: string | undefined): string | undefined {
  return session.capabilities.imageProcess ? process : undefined;
}

export async function signLink(session: Session, bucket: string, key: string, o: SignLinkOptions): Promise<SignedLink> {
  const credentials = await session.provider.getCredentials();
  const { endpoint, cname } = linkEndpoint(session, o.useCustomDomain);
  const now = o.now ?? session.api.now();
  const headers: Record<string, string> = {};
  if (o.method === 'PUT' && o.contentType) headers['content-type'] = o.contentType;
  const query: Record<string, string> = {};
  if (o.method === 'GET' && o.contentDisposition) query['response-content-disposition'] = o.contentDisposition;
  const process = processOf(session, o.process);
  if (o.method === 'GET' && process) query['x-oss-process'] = process;
  const r = presignObject(
    { credentials, endpoint, cname, pathStyle: session.pathStyle, region: session.connection.region, signatureVersion: session.signatureVersion, now },
    { method: o.method, bucket, key, expiresInSeconds: o.expiresInSeconds, headers, query },
  );
  const asked = Math.floor(now.getTime() / 1000) * 1000 + o.expiresInSeconds * 1000;
  return {
    url: r.url,
    expiresAt: r.expiresAt,
    limitedByToken: !!credentials.expiration && r.expiresAt.getTime() < asked,
    tokenExpiration: credentials.expiration,
  };
}

/** The unsigned URL (works only for public-read objects), optionally with an `x-oss-process` instruction. */
export function objectUrl(session: Session, bucket: string, key: string, o: { useCustomDomain?: boolean; process?: string } = {}): string {
  const { endpoint, cname } = linkEndpoint(session, o.useCustomDomain);
  const a = resolveAddress({ endpoint, bucket, key, cname, pathStyle: session.pathStyle });
  const process = processOf(session, o.process);
  const query = process ? `?x-oss-process=${encodeURIComponent(process)}` : '';
  return `${a.protocol}//${a.host}${a.path}${query}`;
}

/** oss://bucket/key, or s3://bucket/key for an S3 connection (the form its command-line tools take). */
export function ossPath(bucket: string, key: string, scheme: 'oss://' | 's3://' = 'oss://'): string {
  return `${scheme}${bucket}/${key}`;
}

/** `attachment; filename="<ascii fallback>"; filename*=UTF-8''<pct-encoded>` (RFC 6266 / 5987). */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
