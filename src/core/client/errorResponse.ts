/**
 * Reads an OSS error response into an OssError. Apart from errors.ts so that the error classes
 * load without the XML parser.
 */
import { codeForStatus, maskStringToSign, OssError, parseRetryAfter } from './errors';
import { list, parseXml } from './xml';

/** Builds an OssError from an error response (XML body, x-oss-err header, or status only). */
export function parseError(
  status: number,
  headers: Record<string, string>,
  body: Buffer,
  operation: string,
  hasKey: boolean,
  clientStringToSign?: string,
): OssError {
  let xmlText = body.length ? body.toString('utf8') : '';
  if (!xmlText.includes('<Error') && headers['x-oss-err']) {
    try {
      xmlText = Buffer.from(headers['x-oss-err'], 'base64').toString('utf8');
    } catch {
      xmlText = '';
    }
  }
  const fields: Record<string, string> = {};
  if (xmlText.includes('<Error')) {
    try {
      const e = list(parseXml(xmlText), 'Error')[0];
      if (e) {
        for (const [k, v] of Object.entries(e)) if (typeof v === 'string') fields[k] = v;
      }
    } catch {
      /* fall back to status-only */
    }
  }
  const { Code, Message, RequestId, HostId, EC, RecommendDoc, StringToSign, ...rest } = fields;
  // Never keep echoes of credentials or signatures from the server's error document.
  delete rest.OSSAccessKeyId;
  delete rest.SignatureProvided;
  delete rest.StringToSignBytes;
  delete rest.CanonicalRequest;
  delete rest['#text'];
  return new OssError({
    status,
    code: Code || codeForStatus(status, { hasKey }),
    serverMessage: Message,
    requestId: RequestId || headers['x-oss-request-id'],
    hostId: HostId,
    ec: EC || headers['x-oss-ec'],
    recommendDoc: RecommendDoc,
    stringToSign: StringToSign === undefined ? undefined : maskStringToSign(StringToSign),
    clientStringToSign: Code === 'SignatureDoesNotMatch' && clientStringToSign ? maskStringToSign(clientStringToSign) : undefined,
    operation,
    details: rest,
    retryAfterMs: parseRetryAfter(headers['retry-after']),
  });
}
