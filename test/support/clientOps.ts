/**
 * Client operations only tests need. They are core's per-family functions (any Requester, e.g. an
 * OssClient) rather than methods of OssClient, which carries what the extension uses.
 */
import type { OssClient, PresignOptions } from '../../src/core/client';
import { presignObject, type PresignedObject } from '../../src/core/client/presign';

export { listBucketsPage, putBucket } from '../../src/core/client/bucket';
export { listMultipartUploads, listParts } from '../../src/core/client/multipart';

/** A presigned URL made with the client's settings, credentials and learnt clock offset. */
export async function presign(client: OssClient, opts: PresignOptions): Promise<PresignedObject> {
  const o = client.options;
  const credentials = await o.credentials.getCredentials();
  return presignObject(
    { ...o, credentials, now: new Date(Date.now() + client.clockOffsetMs) },
    opts,
  );
}
