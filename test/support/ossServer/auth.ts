/**
 * Request authentication for the local OSS server: V1 and V4, header and
 * query (presigned) forms, STS tokens.
 *
 * The signatures are recomputed with ali-oss's OWN signing functions
 * (ali-oss/lib/common/signUtils) - deliberately not with our signer in
 * src/core/signer - so a bug in our signer cannot be mirrored here.
 */
import { timingSafeEqual } from 'node:crypto';
import { OssError } from './errors';
import { headerStr, utf8Header } from './headers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const signUtils: any = require('ali-oss/lib/common/signUtils');

/** V1 signed sub-resources: the oss2 `_subresource_key_set` superset; plus any name starting with x-oss-. */
export const V1_SUBRESOURCES = new Set<string>([
  'acl', 'uploads', 'location', 'cors', 'logging', 'website', 'referer', 'lifecycle', 'delete', 'append', 'tagging',
  'objectMeta', 'uploadId', 'partNumber', 'security-token', 'position', 'img', 'style', 'styleName', 'replication',
  'replicationProgress', 'replicationLocation', 'cname', 'bucketInfo', 'comp', 'qos', 'live', 'status', 'vod',
  'startTime', 'endTime', 'symlink', 'x-oss-process', 'response-content-type', 'x-oss-traffic-limit',
  'response-content-language', 'response-expires', 'response-cache-control', 'response-content-disposition',
  'response-content-encoding', 'udf', 'udfName', 'udfImage', 'udfId', 'udfImageDesc', 'udfApplication',
  'udfApplicationLog', 'restore', 'callback', 'callback-var', 'qosInfo', 'policy', 'stat', 'encryption', 'versions',
  'versioning', 'versionId', 'requestPayment', 'x-oss-request-payer', 'sequential', 'inventory', 'inventoryId',
  'continuation-token', 'asyncFetch', 'worm', 'wormId', 'wormExtend', 'withHashContext', 'x-oss-enable-md5',
  'x-oss-enable-sha1', 'x-oss-enable-sha256', 'x-oss-hash-ctx', 'x-oss-md5-ctx', 'transferAcceleration',
  'regionList', 'cloudboxes', 'x-oss-ac-source-ip', 'x-oss-ac-subnet-mask', 'x-oss-ac-vpc-id',
  'x-oss-ac-forward-allow', 'metaQuery', 'resourceGroup', 'rtc', 'resourcePool', 'resourcePoolInfo',
  'resourcePoolBuckets', 'processConfiguration', 'x-oss-ac-forward-allow', 'bucketArchiveDirectRead',
  'responseHeader', 'userDefinedLogFieldsConfig', 'reservedcapacity', 'requesterQosInfo', 'qosRequester',
  'resourcePoolRequesterQosInfo', 'resourcePoolRequester', 'resourcePoolRequesterQos', 'publicAccessBlock',
  'policyStatus', 'httpsConfig', 'redundancyTransition', 'dataRedundancyTransition', 'accessPoint',
  'accessPointPolicy', 'x-oss-access-point-name', 'objectworm', 'objectwormConfiguration', 'dataindexing',
  'overwriteConfig',
]);

export const MAX_SKEW_MS = 15 * 60 * 1000;

export interface Account {
  accessKeyId: string;
  accessKeySecret: string;
}

export interface TemporaryCredentials extends Account {
  securityToken: string;
  expiration: Date;
}

export interface AuthRequest {
  method: string;
  /** Lower-case header names (node's req.headers). */
  headers: Record<string, string | string[] | undefined>;
  /** Decoded query params in order of appearance ('' for valueless). */
  query: [string, string][];
  bucket?: string;
  key?: string;
}

export interface AuthContext {
  accounts: Map<string, Account>;
  temps: Map<string, TemporaryCredentials>;
  /** Tokens invalidated with expireTokensNow(). */
  expiredTokens: Set<string>;
  region: string;
  now: Date;
}

export interface AuthResult {
  accessKeyId: string;
  version: 'v1' | 'v4';
  mode: 'header' | 'query';
  temporary: boolean;
}

function queryGet(req: AuthRequest, name: string): string | undefined {
  for (const [k, v] of req.query) {
    if (k === name) {
      return v;
    }
  }
  return undefined;
}

function queryHas(req: AuthRequest, name: string): boolean {
  return req.query.some(([k]) => k === name);
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function toBytesHex(s: string): string {
  return Array.from(Buffer.from(s, 'utf8'), (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');
}

/** Headers that take part in signing (content-type, content-md5, x-oss-*, plus extra), encoding fixed. */
function signingHeaders(req: AuthRequest, extra: string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(req.headers)) {
    const lower = name.toLowerCase();
    if (lower === 'content-type' || lower === 'content-md5' || lower.startsWith('x-oss-') || extra.includes(lower)) {
      const v = headerStr(req, name);
      if (v !== undefined) {
        out[lower] = utf8Header(v);
      }
    }
  }
  return out;
}

/** The secret of a long-term or temporary AccessKeyId (with its token); throws the OSS error for unknown, mismatched or expired ones. */
export function lookupSecret(ctx: AuthContext, accessKeyId: string, token: string | undefined): { secret: string; temporary: boolean } {
  const temp = ctx.temps.get(accessKeyId);
  if (temp) {
    if (token === undefined || token === '') {
      throw new OssError(403, 'InvalidAccessKeyId', 'The OSS Access Key Id you provided does not exist in our records.', {
        OSSAccessKeyId: accessKeyId,
      }, '0002-00000903');
    }
    if (temp.securityToken !== token) {
      const owner = [...ctx.temps.values()].find((t) => t.securityToken === token);
      if (owner) {
        throw new OssError(403, 'AccessKeyIdAndSecurityTokenNotMatch', 'AccessKeyId and SecurityToken do not match.', {}, '0002-00000105');
      }
      throw new OssError(403, 'InvalidSecurityToken', 'The security token you provided is invalid.', {}, '0002-00000104');
    }
    if (ctx.expiredTokens.has(token) || ctx.now.getTime() >= temp.expiration.getTime()) {
      throw new OssError(403, 'SecurityTokenExpired', 'The security token you provided has expired.', {}, '0002-00000101');
    }
    return { secret: temp.accessKeySecret, temporary: true };
  }
  const acc = ctx.accounts.get(accessKeyId);
  if (!acc) {
    throw new OssError(403, 'InvalidAccessKeyId', 'The OSS Access Key Id you provided does not exist in our records.', {
      OSSAccessKeyId: accessKeyId,
    }, '0002-00000902');
  }
  if (token !== undefined && token !== '') {
    const owner = [...ctx.temps.values()].find((t) => t.securityToken === token);
    if (owner) {
      throw new OssError(403, 'AccessKeyIdAndSecurityTokenNotMatch', 'AccessKeyId and SecurityToken do not match.', {}, '0002-00000105');
    }
    throw new OssError(403, 'InvalidSecurityToken', 'The security token you provided is invalid.', {}, '0002-00000104');
  }
  return { secret: acc.accessKeySecret, temporary: false };
}

export function checkSkew(ctx: AuthContext, requestTime: Date, raw: string): void {
  if (Math.abs(requestTime.getTime() - ctx.now.getTime()) > MAX_SKEW_MS) {
    throw new OssError(403, 'RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.', {
      RequestTime: raw,
      ServerTime: ctx.now.toISOString().replace(/\.\d{3}Z$/, '.000Z'),
    }, '0002-00000504');
  }
}

export function signatureMismatch(accessKeyId: string, provided: string, stringToSign: string, extra: Record<string, string> = {}): OssError {
  return new OssError(403, 'SignatureDoesNotMatch',
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.', {
      OSSAccessKeyId: accessKeyId,
      SignatureProvided: provided,
      StringToSign: stringToSign,
      StringToSignBytes: toBytesHex(stringToSign),
      ...extra,
    }, '0002-00000040');
}

/** V1 CanonicalizedResource path: '/', '/bucket/' or '/bucket/key' (raw key). */
function v1ResourcePath(req: AuthRequest): string {
  if (!req.bucket) {
    return '/';
  }
  return `/${req.bucket}/${req.key ?? ''}`;
}

/** Signed sub-resources as the object ali-oss's buildCanonicalizedResource expects (empty value => bare name). */
function v1SubResources(req: AuthRequest): Record<string, string> | undefined {
  const sub: Record<string, string> = {};
  let any = false;
  for (const [k, v] of req.query) {
    if (V1_SUBRESOURCES.has(k) || k.startsWith('x-oss-')) {
      sub[k] = v;
      any = true;
    }
  }
  // Note: ali-oss sorts the names with Array.prototype.sort (UTF-16 order); the names are ASCII so
  // that equals the byte order the spec asks for.
  return any ? sub : undefined;
}

function parseHttpDate(s: string): Date | undefined {
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : new Date(t);
}

/** "20231216T162057Z" -> Date */
export function parseIsoBasic(s: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) {
    return undefined;
  }
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
}

function verifyV1Header(req: AuthRequest, ctx: AuthContext, authz: string): AuthResult {
  const m = /^OSS ([^:]+):(.+)$/.exec(authz.trim());
  if (!m) {
    throw new OssError(400, 'InvalidArgument', 'Authorization header is invalid.', { ArgumentName: 'Authorization' }, '0002-00000013');
  }
  const [, accessKeyId, provided] = m;
  const dateRaw = headerStr(req, 'x-oss-date') ?? headerStr(req, 'date');
  if (!dateRaw) {
    throw new OssError(403, 'AccessDenied', 'Date header is needed.', {}, '0002-00000011');
  }
  const date = parseHttpDate(dateRaw);
  if (!date) {
    throw new OssError(403, 'AccessDenied', 'Invalid date format of Date header.', {}, '0002-00000012');
  }
  checkSkew(ctx, date, dateRaw);
  const { secret, temporary } = lookupSecret(ctx, accessKeyId, headerStr(req, 'x-oss-security-token'));
  // buildCanonicalString puts `expires || headers['x-oss-date']` on the Date line; pass the
  // effective date (x-oss-date if present, else Date) as `expires` so a plain Date header works too.
  const stringToSign: string = signUtils.buildCanonicalString(
    req.method,
    v1ResourcePath(req),
    { headers: signingHeaders(req), parameters: v1SubResources(req) },
    dateRaw,
  );
  const expected: string = signUtils.computeSignature(secret, stringToSign);
  if (!safeEqual(expected, provided)) {
    throw signatureMismatch(accessKeyId, provided, stringToSign);
  }
  return { accessKeyId, version: 'v1', mode: 'header', temporary };
}

function verifyV1Query(req: AuthRequest, ctx: AuthContext): AuthResult {
  const accessKeyId = queryGet(req, 'OSSAccessKeyId');
  const expires = queryGet(req, 'Expires');
  const provided = queryGet(req, 'Signature');
  if (!accessKeyId || !expires || !provided) {
    throw new OssError(403, 'AccessDenied', 'OSSAccessKeyId, Expires and Signature are all required in a signed URL.', {}, '0002-00000020');
  }
  if (!/^\d+$/.test(expires)) {
    throw new OssError(403, 'AccessDenied', 'Invalid Expires parameter.', {}, '0002-00000021');
  }
  if (ctx.now.getTime() > Number(expires) * 1000) {
    throw new OssError(403, 'AccessDenied', 'Request has expired.', {
      Expires: new Date(Number(expires) * 1000).toISOString(),
      ServerTime: ctx.now.toISOString(),
    }, '0002-00000069');
  }
  const { secret, temporary } = lookupSecret(ctx, accessKeyId, queryGet(req, 'security-token'));
  const stringToSign: string = signUtils.buildCanonicalString(
    req.method,
    v1ResourcePath(req),
    { headers: signingHeaders(req), parameters: v1SubResources(req) },
    expires,
  );
  const expected: string = signUtils.computeSignature(secret, stringToSign);
  if (!safeEqual(expected, provided)) {
    throw signatureMismatch(accessKeyId, provided, stringToSign);
  }
  return { accessKeyId, version: 'v1', mode: 'query', temporary };
}

/** Strict RFC 3986 encoding, upper-case hex (same as ali-oss encodeString). */
function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0; // encoded strings are ASCII
}

/** Spec canonical query: encode, sort by encoded name (byte order), bare name for empty values. */
function specCanonicalQuery(params: [string, string][]): string {
  return params
    .map(([k, v]) => [uriEncode(k), v === '' ? '' : uriEncode(v)] as [string, string])
    .sort((a, b) => byteCompare(a[0], b[0]) || byteCompare(a[1], b[1]))
    .map(([k, v]) => (v === '' ? k : `${k}=${v}`))
    .join('&');
}

interface V4Input {
  accessKeyId: string;
  scopeDate: string;
  scopeRegion: string;
  scopeProduct: string;
  date: string; // x-oss-date value
  additional: string[];
  provided: string;
  token: string | undefined;
  params: [string, string][]; // signed query params
}

function verifyV4(req: AuthRequest, ctx: AuthContext, inp: V4Input, mode: 'header' | 'query'): AuthResult {
  if (inp.scopeProduct !== 'oss') {
    throw new OssError(400, 'InvalidArgument', `Invalid signing product in credential: ${inp.scopeProduct}.`, {}, '0002-00000202');
  }
  if (inp.scopeRegion !== ctx.region) {
    throw new OssError(400, 'InvalidArgument',
      `Invalid signing region in Authorization header: ${inp.scopeRegion}, expected ${ctx.region}.`, {}, '0002-00000203');
  }
  if (inp.date.slice(0, 8) !== inp.scopeDate) {
    throw new OssError(400, 'InvalidArgument', 'Invalid signing date in Authorization header.', {}, '0002-00000204');
  }
  const { secret, temporary } = lookupSecret(ctx, inp.accessKeyId, inp.token);

  const headers = signingHeaders(req, inp.additional);
  // ali-oss's getCanonicalRequest throws when an additional header is missing; Go v2 drops it. Drop it.
  const additional: string[] = signUtils.fixAdditionalHeaders(inp.additional).filter((h: string) => h in headers);
  // Valueless params are passed as null so qs (strictNullHandling) renders a bare `name`,
  // as the spec (and Go v2 / oss2) do; ali-oss itself would render `name=` for ''.
  const queries: Record<string, string | null> = {};
  for (const [k, v] of inp.params) {
    queries[k] = v === '' ? null : v;
  }
  const aliCanonical: string = signUtils.getCanonicalRequest(req.method, { headers, queries }, req.bucket, req.key, additional);
  // ali-oss sorts the query names with localeCompare, the spec sorts the *encoded* names in byte
  // order (e.g. `%2Bparam1` < `%7Cparam1` < `param1`; localeCompare puts them differently). Repeated
  // names are also collapsed by the object form. Replace the query line with the spec one when they differ.
  const lines = aliCanonical.split('\n');
  const spec = specCanonicalQuery(inp.params);
  if (lines[2] !== spec) {
    lines[2] = spec;
  }
  const canonical = lines.join('\n');
  const stringToSign: string = signUtils.getStringToSign(ctx.region, inp.date, canonical, 'oss');
  const expected: string = signUtils.getSignatureV4(secret, inp.scopeDate, ctx.region, stringToSign, 'oss');
  if (!safeEqual(expected, inp.provided.toLowerCase())) {
    throw signatureMismatch(inp.accessKeyId, inp.provided, stringToSign, { CanonicalRequest: canonical });
  }
  return { accessKeyId: inp.accessKeyId, version: 'v4', mode, temporary };
}

export function parseCredential(cred: string): { accessKeyId: string; scopeDate: string; scopeRegion: string; scopeProduct: string } {
  const parts = cred.split('/');
  if (parts.length !== 5 || parts[4] !== 'aliyun_v4_request' || !parts[0]) {
    throw new OssError(400, 'InvalidArgument', 'Invalid credential in Authorization header.', { ArgumentName: 'Credential' }, '0002-00000201');
  }
  return { accessKeyId: parts[0], scopeDate: parts[1], scopeRegion: parts[2], scopeProduct: parts[3] };
}

function verifyV4Header(req: AuthRequest, ctx: AuthContext, authz: string): AuthResult {
  const body = authz.trim().slice('OSS4-HMAC-SHA256'.length).trim();
  const fields: Record<string, string> = {};
  for (const part of body.split(/\s*,\s*/)) {
    const eq = part.indexOf('=');
    if (eq > 0) {
      fields[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
    }
  }
  if (!fields.Credential || !fields.Signature) {
    throw new OssError(400, 'InvalidArgument', 'Authorization header is invalid.', { ArgumentName: 'Authorization' }, '0002-00000013');
  }
  const cred = parseCredential(fields.Credential);
  const date = headerStr(req, 'x-oss-date');
  if (!date) {
    throw new OssError(403, 'AccessDenied', 'x-oss-date header is needed.', {}, '0002-00000011');
  }
  const t = parseIsoBasic(date);
  if (!t) {
    throw new OssError(403, 'AccessDenied', 'Invalid x-oss-date format.', {}, '0002-00000012');
  }
  checkSkew(ctx, t, date);
  const sha = headerStr(req, 'x-oss-content-sha256');
  if (sha !== 'UNSIGNED-PAYLOAD') {
    throw new OssError(400, 'InvalidArgument', 'Set the x-oss-content-sha256 header to UNSIGNED-PAYLOAD.', {
      ArgumentName: 'x-oss-content-sha256', ArgumentValue: sha ?? '',
    }, '0002-00000214');
  }
  return verifyV4(req, ctx, {
    ...cred,
    date,
    additional: fields.AdditionalHeaders ? fields.AdditionalHeaders.split(';').filter(Boolean) : [],
    provided: fields.Signature,
    token: headerStr(req, 'x-oss-security-token'),
    params: req.query,
  }, 'header');
}

function verifyV4Query(req: AuthRequest, ctx: AuthContext): AuthResult {
  const version = queryGet(req, 'x-oss-signature-version');
  const credential = queryGet(req, 'x-oss-credential');
  const date = queryGet(req, 'x-oss-date');
  const expires = queryGet(req, 'x-oss-expires');
  const provided = queryGet(req, 'x-oss-signature');
  if (version !== 'OSS4-HMAC-SHA256') {
    throw new OssError(400, 'InvalidArgument', 'Invalid x-oss-signature-version.', { ArgumentName: 'x-oss-signature-version' }, '0002-00000210');
  }
  if (!credential || !date || !provided) {
    throw new OssError(403, 'AccessDenied', 'x-oss-credential, x-oss-date and x-oss-signature are required in a signed URL.', {}, '0002-00000211');
  }
  if (!expires) {
    throw new OssError(403, 'AccessDenied', 'The x-oss-expires parameter is required.', {}, '0002-00000215');
  }
  if (!/^\d+$/.test(expires) || Number(expires) < 1 || Number(expires) > 604800) {
    throw new OssError(400, 'InvalidArgument', 'x-oss-expires must be between 1 and 604800 seconds.', {
      ArgumentName: 'x-oss-expires', ArgumentValue: expires,
    }, '0002-00000216');
  }
  const t = parseIsoBasic(date);
  if (!t) {
    throw new OssError(403, 'AccessDenied', 'Invalid x-oss-date format.', {}, '0002-00000012');
  }
  if (t.getTime() - ctx.now.getTime() > MAX_SKEW_MS) {
    checkSkew(ctx, t, date);
  }
  if (ctx.now.getTime() > t.getTime() + Number(expires) * 1000) {
    throw new OssError(403, 'AccessDenied', 'Request has expired.', {
      Expires: new Date(t.getTime() + Number(expires) * 1000).toISOString(),
      ServerTime: ctx.now.toISOString(),
    }, '0002-00000236');
  }
  const cred = parseCredential(credential);
  const additionalRaw = queryGet(req, 'x-oss-additional-headers');
  return verifyV4(req, ctx, {
    ...cred,
    date,
    additional: additionalRaw ? additionalRaw.split(';').filter(Boolean) : [],
    provided,
    token: queryGet(req, 'x-oss-security-token'),
    params: req.query.filter(([k]) => k !== 'x-oss-signature'),
  }, 'query');
}

/** Verifies the request; throws OssError on failure. */
export function authenticate(req: AuthRequest, ctx: AuthContext): AuthResult {
  const authz = headerStr(req, 'authorization');
  const v1q = queryHas(req, 'OSSAccessKeyId') || queryHas(req, 'Signature');
  const v4q = queryHas(req, 'x-oss-signature') || queryHas(req, 'x-oss-credential') || queryHas(req, 'x-oss-signature-version');
  if (authz && (v1q || v4q)) {
    throw new OssError(400, 'InvalidArgument', 'Authentication information is given both in the header and the query string.', {}, '0002-00000014');
  }
  if (authz) {
    if (authz.startsWith('OSS4-HMAC-SHA256')) {
      return verifyV4Header(req, ctx, authz);
    }
    if (authz.startsWith('OSS ')) {
      return verifyV1Header(req, ctx, authz);
    }
    throw new OssError(400, 'InvalidArgument', 'Authorization header is invalid.', { ArgumentName: 'Authorization' }, '0002-00000013');
  }
  if (v4q) {
    return verifyV4Query(req, ctx);
  }
  if (v1q || queryHas(req, 'Expires')) {
    return verifyV1Query(req, ctx);
  }
  throw new OssError(403, 'AccessDenied', 'You have no right to access this object because of bucket acl.', {}, '0003-00000001');
}
