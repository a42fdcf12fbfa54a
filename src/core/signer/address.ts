/**
 * Where a request goes: host and encoded path for virtual-hosted, path-style and CNAME addressing.
 */
import { isIP } from 'node:net';
import { encodeKey } from './encode';
import type { AddressInput, ResolvedAddress } from './types';
import { InvalidSigningInputError, assertBucketName, assertHost, assertObjectKey, assertS3BucketName } from './validate';
import { t } from '../translate';

function badEndpoint(message: string): InvalidSigningInputError {
  return new InvalidSigningInputError('InvalidEndpoint', message);
}

/** Parses an endpoint ('oss-cn-hangzhou.aliyuncs.com', 'https://…', 'http://127.0.0.1:9000'); default https. */
export function parseEndpoint(endpoint: string): URL {
  const raw = endpoint.trim();
  if (!raw) throw badEndpoint(t('Endpoint is empty'));
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw badEndpoint(t('Invalid endpoint: {0}', endpoint));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw badEndpoint(t('Unsupported endpoint protocol {0} (use http or https)', url.protocol));
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username || url.password) {
    throw badEndpoint(t('Endpoint must be a bare scheme://host[:port] without path, query or user info: {0}', endpoint));
  }
  return url;
}

/** True for IPv4/IPv6 literals (brackets allowed) and `localhost`. */
export function isIpOrLocalhost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || isIP(h) !== 0;
}

interface ParsedEndpoint {
  readonly protocol: string;
  readonly host: string;
  /** IP or localhost: path-style addressing is forced. */
  readonly forcedPath: boolean;
}

/** Endpoints seen recently (endpoint strings hold no secrets); bounded, oldest dropped first. */
const endpointCache = new Map<string, ParsedEndpoint>();
const MAX_ENDPOINTS = 32;

function parsedEndpoint(endpoint: string): ParsedEndpoint {
  const hit = endpointCache.get(endpoint);
  if (hit !== undefined) return hit;
  const url = parseEndpoint(endpoint);
  assertHost(url.host, endpoint);
  const parsed: ParsedEndpoint = Object.freeze({
    protocol: url.protocol,
    host: url.host,
    forcedPath: isIpOrLocalhost(url.hostname),
  });
  if (endpointCache.size >= MAX_ENDPOINTS) {
    const oldest = endpointCache.keys().next().value;
    if (oldest !== undefined) endpointCache.delete(oldest);
  }
  endpointCache.set(endpoint, parsed);
  return parsed;
}

/**
 * Resolves the host and path of a request.
 * - virtual-hosted (default): host `<bucket>.<endpoint host>`, path `/<encoded key>` (or `/`);
 * - path style (`pathStyle`, or forced for IP/localhost endpoints): endpoint host, `/<bucket>/<encoded key>`
 *   (`/<bucket>/` without a key);
 * - CNAME: endpoint host, `/<encoded key>`;
 * - service level (no bucket): endpoint host, `/`.
 */
export function resolveAddress(a: AddressInput): ResolvedAddress {
  return resolveAddressWithKeyPath(a, encodeKey(a.key ?? ''));
}

/**
 * {@link resolveAddress} when the caller already has `keyPath` = encodeKey(a.key ?? '').
 * Throws InvalidSigningInputError for an invalid bucket name, object key or endpoint host: the
 * bucket name becomes part of the host, so it is never used unchecked.
 */
export function resolveAddressWithKeyPath(a: AddressInput, keyPath: string): ResolvedAddress {
  const url = parsedEndpoint(a.endpoint);
  const key = a.key ?? '';
  if (a.bucket !== undefined && a.bucket !== '') assertBucketName(a.bucket);
  if (key) assertObjectKey(key);
  const forcedPath = url.forcedPath;
  if (!a.bucket) {
    if (key) throw new InvalidSigningInputError('InvalidBucketName', t('An object key needs a bucket'));
    return { protocol: url.protocol, host: url.host, path: '/', pathStyle: false };
  }
  if (a.cname) {
    return { protocol: url.protocol, host: url.host, path: `/${keyPath}`, pathStyle: false };
  }
  if (a.pathStyle || forcedPath) {
    return { protocol: url.protocol, host: url.host, path: `/${a.bucket}/${keyPath}`, pathStyle: true };
  }
  return { protocol: url.protocol, host: `${a.bucket}.${url.host}`, path: `/${keyPath}`, pathStyle: false };
}

/**
 * S3 addressing (docs/protocol.md §11): virtual-hosted `<bucket>.<host>` + `/<key>`, or path style
 * `<host>` + `/<bucket>/<key>` (forced for IP and localhost endpoints). The bucket name is checked
 * with the S3 rules for the chosen style.
 */
export function resolveS3Address(a: Omit<AddressInput, 'cname'>, keyPath = encodeKey(a.key ?? '')): ResolvedAddress {
  const url = parsedEndpoint(a.endpoint);
  const key = a.key ?? '';
  if (!a.bucket) {
    if (key) throw new InvalidSigningInputError('InvalidBucketName', t('An object key needs a bucket'));
    return { protocol: url.protocol, host: url.host, path: '/', pathStyle: false };
  }
  const pathStyle = !!a.pathStyle || url.forcedPath;
  assertS3BucketName(a.bucket, !pathStyle, url.protocol === 'https:');
  if (key) assertObjectKey(key);
  // A bucket-level path-style request is `/bucket`, as the AWS SDKs send it (some servers refuse `/bucket/`).
  if (pathStyle) return { protocol: url.protocol, host: url.host, path: key ? `/${a.bucket}/${keyPath}` : `/${a.bucket}`, pathStyle: true };
  return { protocol: url.protocol, host: `${a.bucket}.${url.host}`, path: `/${keyPath}`, pathStyle: false };
}
