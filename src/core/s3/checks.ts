/**
 * S3-specific checks: the connection settings (R2 wants region `auto`), answers that show a wrong
 * region or an endpoint that is not S3, and the checksums S3 sends (`x-amz-checksum-crc32c`, or
 * the ETag, which is the MD5 of a single-part object). See docs/protocol.md §12.
 */
import { createHash } from 'node:crypto';
import { parseEndpoint } from '../signer';
import { Crc32c } from '../crc32c';
import { Crc64Nvme } from '../crc64nvme';
import { OssClientError, OssError } from '../client/errors';
import type { BodyVerify } from '../client/getObject';
import type { OssResponse } from '../client/http';
import { crc32cOf } from './props';
import { xmlBody } from '../client/common';
import { t } from '../translate';
import { child, type XmlNode, type XmlValue } from '../client/xml';

/** Throws a clear error for settings that cannot work (before any request is sent). */
export function checkS3Settings(endpoint: string, region: string): void {
  const url = parseEndpoint(endpoint);
  if (!region || !region.trim()) {
    throw new OssClientError('InvalidRegion', t('An S3 connection needs a region (for example us-east-1; "auto" for Cloudflare R2)'));
  }
  if (/\.r2\.cloudflarestorage\.com$/i.test(url.hostname) && region !== 'auto') {
    throw new OssClientError('InvalidRegion', t('Cloudflare R2 endpoints take the region "auto", not "{0}": set the connection\'s region to auto', region));
  }
}

/** True for bodies that are not an S3 (or OSS) XML error document. */
function notXml(contentType: string | undefined, body: Buffer): boolean {
  return !body.toString('utf8', 0, Math.min(body.length, 4096)).includes('<Error') && !/xml/i.test(contentType ?? '');
}

/**
 * Turns an error answer into the error a person can act on:
 * - a wrong region (AuthorizationHeaderMalformed naming the expected region, or a 301 / 400 with
 *   `x-amz-bucket-region`) → `WrongRegion` naming the region to use;
 * - an answer from Alibaba Cloud OSS, or one without an S3 error document → `NotS3Endpoint`.
 */
export function s3ErrorFor(endpoint: string, region: string) {
  return (err: OssError, headers: Record<string, string>, body: Buffer): Error => {
    const bucketRegion = headers['x-amz-bucket-region'] || err.details.Region || /expecting '([^']+)'/.exec(err.serverMessage)?.[1];
    const regionCodes = ['AuthorizationHeaderMalformed', 'PermanentRedirect', 'IllegalLocationConstraintException'];
    // A HEAD has no body to carry a code: AWS answers 400 (or 301) with x-amz-bucket-region alone.
    const headHint = err.status === 400 && !!headers['x-amz-bucket-region'];
    if ((regionCodes.includes(err.code) || err.status === 301 || headHint) && bucketRegion && bucketRegion !== region) {
      return new OssClientError(
        'WrongRegion',
        t('The bucket is in region {0}, but the connection signs for {1}: set the connection\'s region to {0}', bucketRegion, region),
        err.operation,
      );
    }
    if (err.code === 'AccessControlListNotSupported') return aclsDisabled(err.operation);
    if (headers['x-oss-request-id']) {
      return new OssClientError('NotS3Endpoint', t('{0} answered like Alibaba Cloud OSS, not S3: add it as an OSS connection instead', endpoint), err.operation);
    }
    if (notXml(headers['content-type'], body) && err.status !== 304 && err.status !== 412 && err.status !== 416 && body.length > 0) {
      return new OssClientError('NotS3Endpoint', t('{0} did not answer like an S3 server (HTTP {1} without an S3 error document): check the endpoint URL', endpoint, err.status), err.operation);
    }
    return err;
  };
}

/**
 * AWS's answer to an ACL (PutObjectAcl, or a write with an x-amz-acl / x-amz-grant-* header other
 * than the bucket owner's full control) on a bucket whose Object Ownership is "bucket owner
 * enforced": its ACLs are off, and bucket policies alone decide who may read.
 */
export function aclsDisabled(operation?: string): OssClientError {
  return new OssClientError(
    'AccessControlListNotSupported',
    t('This bucket has ACLs disabled (Object Ownership: bucket owner enforced); the object keeps the bucket\'s access. Grant access with a bucket policy, or share a signed URL'),
    operation,
  );
}

/** A MalformedResponse from a reply that should have been an S3 document: the endpoint is not S3. */
export function notS3(err: unknown, endpoint: string): unknown {
  if (err instanceof OssClientError && err.code === 'MalformedResponse') {
    return new OssClientError('NotS3Endpoint', t('{0} did not answer like an S3 server (the reply is not S3 XML): check the endpoint URL', endpoint), err.operation);
  }
  return err;
}

class Crc32cText extends Crc32c {
  override toString(): string {
    return this.toBase64();
  }
}

class Md5Hex {
  private readonly h = createHash('md5');
  update(chunk: Uint8Array): this {
    this.h.update(chunk);
    return this;
  }
  toString(): string {
    return this.h.digest('hex');
  }
}

export function checksumMismatch(what: string, kind: string, client: string, server: string, op?: string): OssClientError {
  return new OssClientError('InconsistentCrc', `crc is inconsistent: ${what} ${kind} client ${client}, server ${server}`, op);
}

/** A plain MD5 ETag (single-part upload without SSE-KMS / SSE-C), else undefined. */
export function md5Etag(headers: Record<string, string>): string | undefined {
  const etag = (headers['etag'] ?? '').replace(/^"|"$/g, '').toLowerCase();
  const sse = headers['x-amz-server-side-encryption'];
  if (!/^[0-9a-f]{32}$/.test(etag) || sse === 'aws:kms' || headers['x-amz-server-side-encryption-customer-algorithm']) return undefined;
  return etag;
}

/** How a whole-object body is checked: CRC-32C when the server sent a full-object one, else the MD5 ETag, else CRC-64/NVME. */
export function bodyVerify(headers: Record<string, string>, op: string): BodyVerify | undefined {
  const crc = crc32cOf(headers);
  if (crc && !crc.includes('-') && headers['x-amz-checksum-type'] !== 'COMPOSITE') {
    return { hasher: new Crc32cText(), expected: crc, mismatch: (got) => checksumMismatch('downloaded object', 'CRC-32C', got, crc, op) };
  }
  const md5 = md5Etag(headers);
  if (md5) return { hasher: new Md5Hex(), expected: md5, mismatch: (got) => checksumMismatch('downloaded object', 'MD5', got, md5, op) };
  // Last: CRC-64/NVME, always of the full object (AWS S3 adds it to objects written without a checksum).
  const nvme = headers['x-amz-checksum-crc64nvme'];
  if (nvme && !nvme.includes('-') && headers['x-amz-checksum-type'] !== 'COMPOSITE') {
    return { hasher: new Crc64Nvme(), expected: nvme, mismatch: (got) => checksumMismatch('downloaded object', 'CRC-64/NVME', got, nvme, op) };
  }
  return undefined;
}

/**
 * The root element of an S3 answer: `expected` (AWS's name), or else the document's only element
 * (moto names some of them differently, e.g. ListPartsResponse, GetBucketVersioningResponse).
 */
export function s3Root(res: OssResponse, op: string, expected: string): XmlValue | undefined {
  return rootOf(xmlBody(res, op), expected);
}

/** {@link s3Root} of a parsed document. */
export function rootOf(doc: XmlNode, expected: string): XmlValue | undefined {
  const named = child(doc, expected);
  if (named !== undefined) return named;
  const names = Object.keys(doc).filter((k) => !k.startsWith('?'));
  return names.length === 1 ? doc[names[0]] : undefined;
}
