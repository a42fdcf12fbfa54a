/**
 * Authorization for the local OSS server: what RAM action and resource each operation needs, and
 * the check of STS tokens against the policies they carry (see ../stsToken.ts, ../ramPolicy.ts).
 * Long-term AccessKeys are not restricted; a temporary credential whose token carries no policy
 * (registered by a test by hand) is not restricted either.
 */
import type * as http from 'node:http';
import { allowedByAll, type RequestFacts } from '../ramPolicy';
import { decodeStsToken } from '../stsToken';
import type { TemporaryCredentials } from './auth';
import type { Target } from './context';
import { OssError } from './errors';
import { headerStr } from './headers';

type Level = 'service' | 'bucket' | 'object';

/** Operation → RAM action and the level of its resource. */
const OP_ACTIONS: Record<string, [string, Level]> = {
  ListBuckets: ['oss:ListBuckets', 'service'],
  PutBucket: ['oss:PutBucket', 'bucket'],
  DeleteBucket: ['oss:DeleteBucket', 'bucket'],
  PutBucketAcl: ['oss:PutBucketAcl', 'bucket'],
  GetBucketAcl: ['oss:GetBucketAcl', 'bucket'],
  GetBucketLocation: ['oss:GetBucketLocation', 'bucket'],
  GetBucketInfo: ['oss:GetBucketInfo', 'bucket'],
  HeadBucket: ['oss:GetBucketInfo', 'bucket'],
  ListObjects: ['oss:ListObjects', 'bucket'],
  ListObjectsV2: ['oss:ListObjects', 'bucket'],
  ListMultipartUploads: ['oss:ListMultipartUploads', 'bucket'],
  // Checked per key by the handler (requireAccess), before anything is deleted.
  DeleteMultipleObjects: ['', 'bucket'],
  GetObject: ['oss:GetObject', 'object'],
  HeadObject: ['oss:GetObject', 'object'],
  GetObjectMeta: ['oss:GetObject', 'object'],
  GetObjectAcl: ['oss:GetObjectAcl', 'object'],
  PutObjectAcl: ['oss:PutObjectAcl', 'object'],
  PutObject: ['oss:PutObject', 'object'],
  PostObject: ['oss:PutObject', 'object'],
  CopyObject: ['oss:PutObject', 'object'],
  InitiateMultipartUpload: ['oss:PutObject', 'object'],
  UploadPart: ['oss:PutObject', 'object'],
  UploadPartCopy: ['oss:PutObject', 'object'],
  CompleteMultipartUpload: ['oss:PutObject', 'object'],
  AbortMultipartUpload: ['oss:AbortMultipartUpload', 'object'],
  ListParts: ['oss:ListParts', 'object'],
  DeleteObject: ['oss:DeleteObject', 'object'],
};

/** What a request is, for policy evaluation. */
export interface AccessRequest {
  bucket?: string;
  key?: string;
  /** The client's address (socket remote address). */
  sourceIp: string;
  /** Listing prefix (ListObjects, ListMultipartUploads): the `prefix` query parameter, '' when absent. */
  prefix?: string;
}

/** Checks one action on one resource; throws AccessDenied. */
export type AccessCheck = (action: string, bucket: string | undefined, key: string | undefined) => void;

const checks = new WeakMap<http.IncomingMessage, AccessCheck>();

/** For handlers that touch more resources than the request names (DeleteMultipleObjects). */
export function requireAccess(req: http.IncomingMessage, action: string, bucket: string, key: string): void {
  checks.get(req)?.(action, bucket, key);
}

function accountOf(roleArn: string): string {
  return /^acs:ram::([^:]*):/.exec(roleArn)?.[1] || '0';
}

function resourceOf(region: string, account: string, bucket: string | undefined, key: string | undefined): string {
  if (!bucket) return `acs:oss:${region}:${account}:*`;
  return key === undefined ? `acs:oss:${region}:${account}:${bucket}` : `acs:oss:${region}:${account}:${bucket}/${key}`;
}

function accessDenied(action: string, resource: string): OssError {
  return new OssError(403, 'AccessDenied',
    `You have no right to access this resource: the policy of your temporary credentials does not allow ${action} on ${resource}.`,
    { AuthAction: action, AuthResource: resource }, '0003-00000201');
}

/** The policies a temporary credential is bound by (none for long-term keys or tokens without claims). */
export function policiesOf(temp: TemporaryCredentials | undefined): { policies: string[]; account: string } | undefined {
  if (!temp) return undefined;
  const claims = decodeStsToken(temp.securityToken);
  if (!claims) return undefined;
  const policies = [claims.rolePolicy, claims.sessionPolicy].filter((p): p is string => p !== undefined);
  return { policies, account: accountOf(claims.roleArn) };
}

/** A checker for one credential, or undefined when it is unrestricted. */
export function checkerFor(temp: TemporaryCredentials | undefined, region: string, r: AccessRequest): AccessCheck | undefined {
  const bound = policiesOf(temp);
  if (!bound || bound.policies.length === 0) return undefined;
  return (action, bucket, key) => {
    const facts: RequestFacts = {
      action,
      resource: resourceOf(region, bound.account, bucket, key),
      context: { 'acs:sourceip': r.sourceIp, 'oss:prefix': key === undefined ? r.prefix : undefined },
    };
    if (!allowedByAll(bound.policies, facts)) throw accessDenied(action, facts.resource);
  };
}

/** The source address without an IPv4-mapped prefix. */
export function sourceIpOf(req: http.IncomingMessage): string {
  const a = req.socket.remoteAddress ?? '';
  return a.startsWith('::ffff:') ? a.slice(7) : a;
}

function copySource(req: http.IncomingMessage): { bucket: string; key: string } | undefined {
  const raw = headerStr(req, 'x-oss-copy-source');
  if (!raw) return undefined;
  const path = raw.split('?')[0];
  const m = /^\/?([^/]+)\/(.+)$/.exec(path);
  if (!m) return undefined;
  try {
    return { bucket: decodeURIComponent(m[1]), key: decodeURIComponent(m[2]) };
  } catch {
    return undefined;
  }
}

/**
 * Authorizes a verified request of `op` made with `temp` (undefined for long-term keys). Throws
 * AccessDenied; remembers the checker for handlers that call {@link requireAccess}.
 */
export function authorize(req: http.IncomingMessage, op: string, t: Target, temp: TemporaryCredentials | undefined, region: string): void {
  const listing = op === 'ListObjects' || op === 'ListObjectsV2' || op === 'ListMultipartUploads';
  const check = checkerFor(temp, region, { sourceIp: sourceIpOf(req), prefix: listing ? (t.q.get('prefix') ?? '') : undefined });
  if (!check) return;
  checks.set(req, check);
  const entry = OP_ACTIONS[op];
  if (!entry) return; // Unsupported operations fail in dispatch.
  const [action, level] = entry;
  if (action) check(action, level === 'service' ? undefined : t.bucket, level === 'object' ? t.key : undefined);
  if (op === 'CopyObject' || op === 'UploadPartCopy') {
    const src = copySource(req);
    if (src) check('oss:GetObject', src.bucket, src.key);
  }
}
