/** Pieces shared by the presigned-URL transfers: the raw request path and OSS's XML error answer. */
import type { IncomingHttpHeaders } from 'node:http';
import { OssError } from '../client/errors';

/** The path and query exactly as given (WHATWG URL would normalise dot segments and re-encode). */
export function rawPathOf(url: string): string {
  const afterHost = url.slice(url.indexOf('//') + 2);
  const slash = afterHost.indexOf('/');
  return slash >= 0 ? afterHost.slice(slash) : '/';
}

function pick(xml: string, tag: string): string | undefined {
  const m = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(xml);
  return m?.[1];
}

/** An OssError from a failed answer: the XML body's fields, else the x-oss-err / request-id headers. */
export function errorFromAnswer(status: number, body: string, headers: IncomingHttpHeaders, operation: string): OssError {
  const requestId = headers['x-oss-request-id'] as string | undefined;
  return new OssError({
    status,
    code: pick(body, 'Code') ?? `Http${status}`,
    serverMessage: pick(body, 'Message'),
    requestId: pick(body, 'RequestId') ?? requestId,
    hostId: pick(body, 'HostId'),
    ec: pick(body, 'EC') ?? (headers['x-oss-ec'] as string | undefined),
    operation,
  });
}
