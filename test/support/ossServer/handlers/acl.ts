/** ACL operations of the local OSS server: bucket ACL (answered, not stored) and object ACL (stored per version). */
import { receiveSmallBody } from '../body';
import { getBucket, type Handler } from '../context';
import { OssError } from '../errors';
import { headerStr } from '../headers';
import { checkObjectAcl } from '../props';
import { sendEmpty, sendXml } from '../respond';
import { readTarget, versionHeader } from '../versionStore';

export const OWNER = '<Owner><ID>oss-server</ID><DisplayName>oss-server</DisplayName></Owner>';

export function aclXml(grant: string): string {
  return `<AccessControlPolicy>${OWNER}<AccessControlList><Grant>${grant}</Grant></AccessControlList></AccessControlPolicy>`;
}

const getObjectAcl: Handler = (s, _req, res, t) => {
  const b = getBucket(s, t.bucket as string);
  const o = readTarget(b, t.key as string, t.q.get('versionId'), res);
  versionHeader(res, b, o);
  sendXml(res, aclXml(o.acl ?? 'default'));
};

const putObjectAcl: Handler = async (s, req, res, t) => {
  const b = getBucket(s, t.bucket as string);
  await receiveSmallBody(s, req, 64 * 1024);
  const acl = checkObjectAcl(headerStr(req, 'x-oss-object-acl'));
  if (acl === undefined) {
    throw new OssError(400, 'InvalidArgument', 'The x-oss-object-acl header is required.', { ArgumentName: 'x-oss-object-acl', ArgumentValue: '' });
  }
  const o = readTarget(b, t.key as string, t.q.get('versionId'), res);
  o.acl = acl;
  versionHeader(res, b, o);
  sendEmpty(res);
};

export const aclHandlers: Record<string, Handler> = {
  GetBucketAcl: (s, _req, res, t) => {
    getBucket(s, t.bucket as string);
    sendXml(res, aclXml('private'));
  },
  /** The bucket must exist; the bucket ACL itself is not stored. */
  PutBucketAcl: (s, _req, res, t) => {
    getBucket(s, t.bucket as string);
    sendEmpty(res);
  },
  GetObjectAcl: getObjectAcl,
  PutObjectAcl: putObjectAcl,
};
