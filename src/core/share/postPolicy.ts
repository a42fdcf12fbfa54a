/**
 * Upload drop boxes: a PostObject form (V4 by default, V1 on request) that lets anyone upload files
 * under one prefix, up to a size, optionally of one content type, until it expires. Also renders
 * it as a self-contained HTML page and as a `curl -F` command. See docs/protocol.md §11.
 *
 * The form carries a signature (and, with STS credentials, the security token): it is a credential.
 */
import { effectiveExpiry, resolveAddress, standardRegion, v1Signature, v4DateTime, v4Scope, v4Signature, V4_ALGORITHM } from '../signer';
import type { Credentials, SignatureVersion } from '../signer/types';
import { guardSecrets, redactText } from '../redact';
import { posixQuote, powershellQuote, isContentType, type Shell } from '../shellQuote';
import { SharePolicyError } from './policy';
import { t } from '../translate';

/** PostObject's own limit: 5 GiB. */
export const POST_OBJECT_MAX_BYTES = 5 * 1024 ** 3;

export interface PostFormInput {
  credentials: Credentials;
  endpoint: string;
  region: string;
  bucket: string;
  /** Every uploaded key starts with this ('' = anywhere in the bucket). */
  prefix: string;
  /** Largest accepted file, in bytes (1 … 5 GiB). */
  maxSizeBytes: number;
  /** Only this Content-Type is accepted (the form sends it). */
  contentType?: string;
  expiresInSeconds: number;
  /** Default 'v4'. */
  signatureVersion?: SignatureVersion;
  now?: Date;
  cname?: boolean;
  pathStyle?: boolean;
  /** What OSS answers on success: 201 (an XML receipt, the default), 200 or 204 (empty). */
  successActionStatus?: '200' | '201' | '204';
}

export interface PostForm {
  /** Where the form is POSTed: the bucket's address. */
  url: string;
  /** Form fields in order, without the file (which must come last). `key` is `<prefix>${filename}`. */
  fields: Array<[string, string]>;
  /** The policy document (JSON) that `fields` carries base64-encoded. */
  policy: string;
  /** When the form stops working (never later than an STS token). */
  expiresAt: Date;
  signatureVersion: SignatureVersion;
  bucket: string;
  prefix: string;
  maxSizeBytes: number;
  contentType?: string;
}

/** The policy's expiration: ISO 8601 with milliseconds, as OSS documents it. */
function isoExpiration(d: Date): string {
  return d.toISOString();
}

function checkInput(i: PostFormInput): void {
  if (!Number.isInteger(i.maxSizeBytes) || i.maxSizeBytes < 1 || i.maxSizeBytes > POST_OBJECT_MAX_BYTES) {
    throw new SharePolicyError(t('The size limit must be a whole number of bytes from 1 to {0} (5 GiB)', POST_OBJECT_MAX_BYTES));
  }
  if (i.contentType !== undefined && !isContentType(i.contentType)) {
    throw new SharePolicyError(t('Not a content type: {0}', JSON.stringify(i.contentType)));
  }
  if (typeof i.prefix !== 'string' || Buffer.byteLength(i.prefix, 'utf8') > 1000) {
    throw new SharePolicyError(t('The prefix must be a string of at most 1000 bytes'));
  }
}

/**
 * Builds the signed PostObject form. Conditions: the exact bucket, `starts-with $key <prefix>`,
 * `content-length-range 0 <max>`, the success status, the content type when given, and for V4 the
 * signature version, credential and date (and the security token with STS credentials).
 */
export function buildPostForm(input: PostFormInput): PostForm {
  checkInput(input);
  const version = input.signatureVersion ?? 'v4';
  const { credentials } = input;
  if (!credentials?.accessKeyId || !credentials.accessKeySecret) throw new SharePolicyError(t('The form needs an AccessKeyId and an AccessKeySecret'));
  const now = input.now ?? new Date();
  const exp = effectiveExpiry(input.expiresInSeconds, version, now, credentials.expiration);
  const address = resolveAddress({ endpoint: input.endpoint, bucket: input.bucket, cname: input.cname, pathStyle: input.pathStyle });
  const status = input.successActionStatus ?? '201';
  const conditions: unknown[] = [
    { bucket: input.bucket },
    ['starts-with', '$key', input.prefix],
    ['content-length-range', 0, input.maxSizeBytes],
    ['eq', '$success_action_status', status],
  ];
  if (input.contentType !== undefined) conditions.push(['eq', '$Content-Type', input.contentType]);
  const signed: Array<[string, string]> = [];
  let dateTime = '';
  let region = '';
  if (version === 'v4') {
    region = standardRegion(input.region);
    if (!region) throw new SharePolicyError(t('A V4 form needs a region'));
    dateTime = v4DateTime(new Date(exp.startSeconds * 1000));
    signed.push(
      ['x-oss-signature-version', V4_ALGORITHM],
      ['x-oss-credential', `${credentials.accessKeyId}/${v4Scope(dateTime.slice(0, 8), region)}`],
      ['x-oss-date', dateTime],
    );
  }
  if (credentials.securityToken) signed.push(['x-oss-security-token', credentials.securityToken]);
  for (const [name, value] of signed) conditions.push({ [name]: value });
  const policy = JSON.stringify({ expiration: isoExpiration(exp.expiresAt), conditions });
  const policyBase64 = Buffer.from(policy, 'utf8').toString('base64');
  const fields: Array<[string, string]> = [
    ['key', `${input.prefix}\${filename}`],
    ['success_action_status', status],
  ];
  if (input.contentType !== undefined) fields.push(['Content-Type', input.contentType]);
  fields.push(['policy', policyBase64]);
  if (version === 'v4') {
    fields.push(...signed, ['x-oss-signature', v4Signature(credentials.accessKeySecret, dateTime, region, policyBase64)]);
  } else {
    fields.push(['OSSAccessKeyId', credentials.accessKeyId], ...signed, ['Signature', v1Signature(credentials.accessKeySecret, policyBase64)]);
  }
  const form: PostForm = {
    url: `${address.protocol}//${address.host}${address.path}`,
    fields,
    policy,
    expiresAt: exp.expiresAt,
    signatureVersion: version,
    bucket: input.bucket,
    prefix: input.prefix,
    maxSizeBytes: input.maxSizeBytes,
    ...(input.contentType !== undefined ? { contentType: input.contentType } : {}),
  };
  const secrets = [credentials.securityToken, form.fields.find(([k]) => k === 'x-oss-signature' || k === 'Signature')?.[1]];
  return guardSecrets(form, () => ({
    url: form.url,
    fields: form.fields.map(([k, v]) => [k, redactText(v, secrets)]),
    expiresAt: form.expiresAt.toISOString(),
    signatureVersion: form.signatureVersion,
  }));
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe inside HTML elements and double- or single-quoted attributes. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

function formatBytes(n: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${n} bytes` : `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[u]}`;
}

/**
 * A small self-contained HTML page (no script, no external resources) with the form, a file input
 * and a submit button. Every value is HTML-escaped.
 */
export function renderUploadFormHtml(form: PostForm): string {
  const where = `${form.bucket}/${form.prefix}`;
  const hidden = form.fields
    .map(([name, value]) => `      <input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');
  const accept = form.contentType ? ` accept="${escapeHtml(form.contentType.split(';')[0].trim())}"` : '';
  const typeLine = form.contentType ? `<li>Content type: <code>${escapeHtml(form.contentType)}</code></li>` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="referrer" content="no-referrer">
  <title>Upload to ${escapeHtml(where)}</title>
  <style>
    body { font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; }
    code { background: #f2f2f2; padding: 0 .2em; }
    button { margin-top: 1rem; padding: .4rem 1.2rem; }
  </style>
</head>
<body>
  <h1>Upload to <code>${escapeHtml(where)}</code></h1>
  <ul>
    <li>Largest file: ${escapeHtml(formatBytes(form.maxSizeBytes))}</li>
    ${typeLine}
    <li>This form works until ${escapeHtml(form.expiresAt.toISOString())}</li>
  </ul>
  <p>Anyone with this page can upload until then. A file with the same name replaces the one there.</p>
  <form action="${escapeHtml(form.url)}" method="post" enctype="multipart/form-data">
${hidden}
      <input type="file" name="file" required${accept}>
      <br>
      <button type="submit">Upload</button>
  </form>
</body>
</html>
`;
}

/** curl's double-quoted file name in `-F file=@"…"`: backslash and quote escaped. */
function curlFileName(fileName: string): string {
  return `"${fileName.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * The `curl` command that uploads `fileName` through the form. Fields go through `--form-string`
 * (so a value starting with `@` or `<` is never read as a file); the file is the last part. The
 * Content-Type OSS stores is the form's `Content-Type` field, not the file part's type.
 */
export function curlForPost(form: PostForm, fileName: string, shell: Shell = 'posix'): string {
  const q = shell === 'powershell' ? powershellQuote : posixQuote;
  const exe = shell === 'powershell' ? 'curl.exe' : 'curl';
  const parts = form.fields.map(([k, v]) => `--form-string ${q(`${k}=${v}`)}`);
  return `${exe} --globoff ${parts.join(' ')} -F ${q(`file=@${curlFileName(fileName)}`)} ${q(form.url)}`;
}
