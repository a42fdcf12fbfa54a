/**
 * PostObject (HTML form upload) for the local OSS server: `POST /` to the bucket with a
 * multipart/form-data body. The policy signature is recomputed with ali-oss's own code
 * (signUtils.computeSignature for V1, as its calculatePostSignature does; signUtils.getSignatureV4
 * over the base64 policy for V4, as its signPostObjectPolicyV4 does). The policy's conditions are
 * enforced: expiration, exact bucket, `eq` / `starts-with` / `in` / `not-in` on fields,
 * `content-length-range`, and for V4 the signature version, credential and date. An STS token's
 * policy is then checked for oss:PutObject on the key.
 */
import type * as http from 'node:http';
import { checkSkew, lookupSecret, parseCredential, parseIsoBasic, safeEqual, signatureMismatch, type AuthContext } from './auth';
import { checkerFor, sourceIpOf } from './access';
import { receiveSmallBody } from './body';
import { checkKey, getBucket, type ServerContext, type Target } from './context';
import { OssError, el } from './errors';
import { formBoundary, parseFormData, type FormPart } from './formData';
import { headerStr } from './headers';
import { crcHeader, sendEmpty, sendXml } from './respond';
import { quotedEtag, type ObjectRecord } from './store';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const signUtils: any = require('ali-oss/lib/common/signUtils');

/** The in-memory test server takes forms up to this size (OSS itself: 5 GiB). */
const MAX_FORM_BYTES = 256 * 1024 * 1024;
const MAX_V4_AGE_MS = 7 * 24 * 3600 * 1000;

function policyFailed(why: string): OssError {
  return new OssError(403, 'AccessDenied', `Invalid according to Policy: ${why}`, {}, '0002-00000716');
}

function invalidPolicy(why: string): OssError {
  return new OssError(400, 'InvalidPolicyDocument', `Invalid Policy: ${why}`, {}, '0002-00000711');
}

interface Form {
  /** Lower-case field name → value (first occurrence), fields before the file only. */
  fields: Map<string, string>;
  file: FormPart;
}

function readForm(parts: FormPart[]): Form {
  const fields = new Map<string, string>();
  for (const p of parts) {
    if (p.name.toLowerCase() === 'file') return { fields, file: p };
    const name = p.name.toLowerCase();
    if (!fields.has(name)) fields.set(name, p.data.toString('utf8'));
  }
  throw new OssError(400, 'InvalidArgument', 'The form has no file field (it must be the last field).', { ArgumentName: 'file' });
}

/** Verifies the signature; returns the AccessKeyId and whether it is temporary. */
function verifySignature(f: Form, ctx: AuthContext): { accessKeyId: string; temporary: boolean; v4: boolean } {
  const policy = f.fields.get('policy') ?? '';
  const token = f.fields.get('x-oss-security-token');
  const version = f.fields.get('x-oss-signature-version');
  if (version !== undefined) {
    if (version !== 'OSS4-HMAC-SHA256') throw new OssError(400, 'InvalidArgument', 'Invalid x-oss-signature-version.', {}, '0002-00000709');
    const credential = f.fields.get('x-oss-credential');
    const date = f.fields.get('x-oss-date');
    const provided = f.fields.get('x-oss-signature');
    if (!credential || !date || !provided) {
      throw new OssError(400, 'InvalidArgument', 'x-oss-credential, x-oss-date and x-oss-signature are required.', {}, '0002-00000703');
    }
    const cred = parseCredential(credential);
    if (cred.scopeProduct !== 'oss' || cred.scopeRegion !== ctx.region) {
      throw new OssError(400, 'InvalidArgument', `Invalid x-oss-credential scope: ${cred.scopeRegion}/${cred.scopeProduct}.`, {}, '0002-00000710');
    }
    const t = parseIsoBasic(date);
    if (!t || date.slice(0, 8) !== cred.scopeDate) throw new OssError(400, 'InvalidArgument', 'Invalid x-oss-date.', {}, '0002-00000712');
    if (t.getTime() > ctx.now.getTime()) checkSkew(ctx, t, date);
    if (ctx.now.getTime() - t.getTime() > MAX_V4_AGE_MS) throw policyFailed('x-oss-date is more than 7 days old.');
    const { secret, temporary } = lookupSecret(ctx, cred.accessKeyId, token);
    const expected: string = signUtils.getSignatureV4(secret, cred.scopeDate, ctx.region, policy);
    if (!safeEqual(expected, provided.toLowerCase())) throw signatureMismatch(cred.accessKeyId, provided, policy);
    return { accessKeyId: cred.accessKeyId, temporary, v4: true };
  }
  const accessKeyId = f.fields.get('ossaccesskeyid');
  const provided = f.fields.get('signature');
  if (!accessKeyId || !provided) throw new OssError(400, 'InvalidArgument', 'OSSAccessKeyId and Signature are required with a policy.', {}, '0002-00000703');
  const { secret, temporary } = lookupSecret(ctx, accessKeyId, token);
  const expected: string = signUtils.computeSignature(secret, policy);
  if (!safeEqual(expected, provided)) throw signatureMismatch(accessKeyId, provided, policy);
  return { accessKeyId, temporary, v4: false };
}

/** The value a `$field` condition looks at. */
function fieldValue(name: string, f: Form, key: string, bucket: string): string | undefined {
  const n = name.replace(/^\$/, '').toLowerCase();
  if (n === 'key') return key;
  if (n === 'bucket') return bucket;
  return f.fields.get(n);
}

function checkConditions(doc: Record<string, unknown>, f: Form, key: string, bucket: string, v4: boolean): void {
  if (!Array.isArray(doc.conditions)) throw invalidPolicy('conditions must be a list.');
  const exact = new Map<string, string>();
  for (const c of doc.conditions as unknown[]) {
    const text = JSON.stringify(c);
    if (Array.isArray(c)) {
      const [op, a, b] = c as unknown[];
      const opName = String(op).toLowerCase();
      if (opName === 'content-length-range') {
        const min = Number(a);
        const max = Number(b);
        if (!Number.isFinite(min) || !Number.isFinite(max)) throw invalidPolicy(`bad condition ${text}.`);
        if (f.file.data.length > max) {
          throw new OssError(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size.', { MaxSizeAllowed: String(max) }, '0002-00000720');
        }
        if (f.file.data.length < min) {
          throw new OssError(400, 'EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size.', { MinSizeAllowed: String(min) }, '0002-00000721');
        }
        continue;
      }
      if (typeof a !== 'string' || !a.startsWith('$')) throw invalidPolicy(`bad condition ${text}.`);
      const actual = fieldValue(a, f, key, bucket);
      let ok: boolean;
      if (opName === 'eq') ok = actual === String(b);
      else if (opName === 'starts-with') ok = actual !== undefined && actual.startsWith(String(b));
      else if (opName === 'in') ok = Array.isArray(b) && actual !== undefined && b.map(String).includes(actual);
      else if (opName === 'not-in') ok = Array.isArray(b) && !(actual !== undefined && b.map(String).includes(actual));
      else throw invalidPolicy(`unknown condition ${text}.`);
      if (!ok) throw policyFailed(`Policy Condition failed: ${text}`);
      continue;
    }
    if (!c || typeof c !== 'object') throw invalidPolicy(`bad condition ${text}.`);
    for (const [name, value] of Object.entries(c as Record<string, unknown>)) {
      exact.set(name.toLowerCase(), String(value));
      if (fieldValue(name, f, key, bucket) !== String(value)) throw policyFailed(`Policy Condition failed: ${text}`);
    }
  }
  if (v4) {
    for (const name of ['x-oss-signature-version', 'x-oss-credential', 'x-oss-date']) {
      if (!exact.has(name)) throw policyFailed(`a V4 policy must contain the condition {"${name}": …}.`);
    }
  }
}

function decodePolicy(policy: string, now: Date): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(policy, 'base64').toString('utf8'));
  } catch {
    throw invalidPolicy('the policy is not base64-encoded JSON.');
  }
  if (!doc || typeof doc !== 'object') throw invalidPolicy('the policy is not an object.');
  const d = doc as Record<string, unknown>;
  const exp = typeof d.expiration === 'string' ? Date.parse(d.expiration) : NaN;
  if (Number.isNaN(exp)) throw invalidPolicy('expiration is missing or not a date.');
  if (now.getTime() >= exp) throw policyFailed('Policy expired.');
  return d;
}

/** Handles a PostObject request end to end (authentication included); returns who signed it. */
export async function postObject(
  s: ServerContext, ctx: AuthContext, req: http.IncomingMessage, res: http.ServerResponse, t: Target,
): Promise<{ accessKeyId?: string; v4: boolean }> {
  const bucket = t.bucket as string;
  const b = getBucket(s, bucket);
  const boundary = formBoundary(headerStr(req, 'content-type'));
  if (!boundary) throw new OssError(400, 'InvalidArgument', 'PostObject needs a multipart/form-data body with a boundary.');
  const body = await receiveSmallBody(s, req, MAX_FORM_BYTES).catch((e: unknown) => {
    throw e instanceof OssError && e.code === 'MalformedXML' ? new OssError(400, 'EntityTooLarge', 'The form is too large for this server.') : e;
  });
  const form = readForm(parseFormData(body, boundary));
  const rawKey = form.fields.get('key');
  if (!rawKey) throw new OssError(400, 'InvalidArgument', 'The form has no key field.', { ArgumentName: 'key' });
  const key = rawKey.split('${filename}').join(form.file.filename ?? '');
  checkKey(key);
  const policy = form.fields.get('policy');
  if (policy === undefined) {
    throw new OssError(403, 'AccessDenied', 'You have no right to access this object because of bucket acl.', {}, '0003-00000001');
  }
  const who = verifySignature(form, ctx);
  checkConditions(decodePolicy(policy, ctx.now), form, key, bucket, who.v4);
  const temp = who.temporary ? ctx.temps.get(who.accessKeyId) : undefined;
  checkerFor(temp, ctx.region, { sourceIp: sourceIpOf(req) })?.('oss:PutObject', bucket, key);
  if ((form.fields.get('x-oss-forbid-overwrite') ?? '').toLowerCase() === 'true' && b.objects.has(key)) {
    throw new OssError(409, 'FileAlreadyExists', 'The object you specified already exists and can not be overwritten.', { Key: key });
  }
  const meta: Record<string, string> = {};
  for (const [name, value] of form.fields) if (name.startsWith('x-oss-meta-')) meta[name.slice(11)] = value;
  const blob = s.store.blobFromBytes(form.file.data);
  const rec: ObjectRecord = {
    key, blob, etag: quotedEtag(blob.md5), lastModified: s.now(),
    contentType: form.fields.get('content-type') || form.file.contentType || 'application/octet-stream', meta, headers: {},
    type: 'Normal', storageClass: b.storageClass, hasCrc: true,
  };
  s.store.putObject(b, rec);
  res.setHeader('ETag', rec.etag);
  crcHeader(s, res, blob.crc);
  const status = form.fields.get('success_action_status');
  if (status === '201') {
    sendXml(res, `<PostResponse>${el('Bucket', bucket)}${el('Location', `${bucket}/${key}`)}${el('Key', key)}${el('ETag', rec.etag)}</PostResponse>`, 201);
  } else {
    sendEmpty(res, status === '200' ? 200 : 204);
  }
  return { accessKeyId: who.accessKeyId, v4: who.v4 };
}
