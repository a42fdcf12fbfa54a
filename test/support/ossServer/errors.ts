/** OSS error type and XML helpers for the local OSS server. */

export class OssError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, string> = {},
    readonly ec: string = DEFAULT_EC[code] ?? '0000-00000000',
  ) {
    super(message);
  }
}

/** The request is gone (client abort or an injected reset or drop): no response is sent. */
export class RequestAborted extends Error {}

/** EC values: 0026-00000001 and 0002-0000021x/236 are documented; others are placeholders of the right shape. */
const DEFAULT_EC: Record<string, string> = {
  NoSuchKey: '0026-00000001',
  NoSuchBucket: '0015-00000101',
  NoSuchUpload: '0042-00000002',
  InvalidDigest: '0016-00000203',
  FileAlreadyExists: '0016-00000708',
  InvalidObjectName: '0016-00000005',
  InvalidBucketName: '0015-00000003',
  BucketAlreadyExists: '0015-00000104',
  BucketNotEmpty: '0015-00000301',
  MalformedXML: '0016-00000608',
  InvalidPart: '0042-00000301',
  InvalidPartOrder: '0042-00000302',
  EntityTooSmall: '0042-00000303',
  InvalidRange: '0026-00000002',
  InternalError: '0000-00000001',
  ServiceUnavailable: '0000-00000002',
  MissingArgument: '0016-00000401',
  InvalidArgument: '0016-00000400',
};

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function xmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);
}

/** `<tag>escaped</tag>` */
export function el(tag: string, value: string | number | boolean): string {
  return `<${tag}>${xmlEscape(String(value))}</${tag}>`;
}

export const XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';

export function errorXml(err: OssError, requestId: string, hostId: string): string {
  let extra = '';
  for (const [k, v] of Object.entries(err.extra)) {
    extra += el(k, v);
  }
  return (
    XML_DECL +
    '<Error>' +
    el('Code', err.code) +
    el('Message', err.message) +
    el('RequestId', requestId) +
    el('HostId', hostId) +
    extra +
    el('EC', err.ec) +
    el('RecommendDoc', `https://api.aliyun.com/troubleshoot?q=${err.ec}`) +
    '</Error>\n'
  );
}
