/** Service and bucket operations of the local OSS server: ListBuckets, Put/Delete/Head bucket, location, info. */
import { receiveSmallBody } from '../body';
import { getBucket, parseMax, type Handler, type ServerContext } from '../context';
import { OssError, el } from '../errors';
import { iso, sendEmpty, sendXml } from '../respond';
import type { BucketRecord } from '../store';
import { OWNER } from './acl';

function validBucketName(name: string): boolean {
  return /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(name);
}

/** Endpoint / location / region elements shared by ListBuckets and GetBucketInfo. */
function whereXml(s: ServerContext, name: string): string {
  return el('ExtranetEndpoint', `oss-${s.region}.aliyuncs.com`) + el('IntranetEndpoint', `oss-${s.region}-internal.aliyuncs.com`) +
    el('Location', `oss-${s.region}`) + el('Name', name) + el('Region', s.region);
}

const listBuckets: Handler = (s, _req, res, t) => {
  const prefix = t.q.get('prefix') ?? '';
  const marker = t.q.get('marker') ?? '';
  const maxKeys = parseMax(t.q.get('max-keys'), 100, 1000, 'max-keys');
  const names = [...s.store.buckets.keys()].filter((n) => n.startsWith(prefix) && n > marker).sort();
  const page = names.slice(0, maxKeys);
  const truncated = names.length > page.length;
  let xml = '<ListAllMyBucketsResult>';
  if (truncated) {
    xml += el('Prefix', prefix) + el('Marker', marker) + el('MaxKeys', maxKeys) + el('IsTruncated', true) +
      el('NextMarker', page[page.length - 1]);
  }
  xml += `${OWNER}<Buckets>`;
  for (const n of page) {
    const b = s.store.buckets.get(n) as BucketRecord;
    xml += '<Bucket>' + el('CreationDate', iso(b.created)) + whereXml(s, n) + el('StorageClass', b.storageClass) + '</Bucket>';
  }
  xml += '</Buckets></ListAllMyBucketsResult>';
  sendXml(res, xml);
};

const putBucket: Handler = async (s, req, res, t) => {
  const name = t.bucket as string;
  const body = (await receiveSmallBody(s, req, 64 * 1024)).toString('utf8');
  if (!validBucketName(name)) {
    throw new OssError(400, 'InvalidBucketName', 'The specified bucket is not valid.', { BucketName: name });
  }
  if (s.store.buckets.has(name)) {
    throw new OssError(409, 'BucketAlreadyExists', 'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.', { BucketName: name });
  }
  const sc = /<StorageClass>\s*([A-Za-z]+)\s*<\/StorageClass>/.exec(body)?.[1] ?? 'Standard';
  s.store.createBucket(name, s.now(), sc);
  res.setHeader('Location', `/${name}`);
  sendEmpty(res);
};

const deleteBucket: Handler = (s, _req, res, t) => {
  const name = t.bucket as string;
  const b = getBucket(s, name);
  if (b.objects.size > 0 || b.uploads.size > 0 || (b.history?.size ?? 0) > 0) {
    throw new OssError(409, 'BucketNotEmpty', 'The bucket you tried to delete is not empty.', { BucketName: name });
  }
  s.store.buckets.delete(name);
  sendEmpty(res, 204);
};

const getBucketInfo: Handler = (s, _req, res, t) => {
  const name = t.bucket as string;
  const b = getBucket(s, name);
  sendXml(res, '<BucketInfo><Bucket>' + el('AccessMonitor', 'Disabled') + el('CreationDate', iso(b.created)) +
    el('CrossRegionReplication', 'Disabled') + el('DataRedundancyType', 'LRS') + whereXml(s, name) +
    el('StorageClass', b.storageClass) + el('TransferAcceleration', 'Disabled') +
    '<Owner><DisplayName>oss-server</DisplayName><ID>oss-server</ID></Owner>' +
    '<AccessControlList><Grant>private</Grant></AccessControlList></Bucket></BucketInfo>');
};

export const bucketHandlers: Record<string, Handler> = {
  ListBuckets: listBuckets,
  PutBucket: putBucket,
  DeleteBucket: deleteBucket,
  HeadBucket: (s, _req, res, t) => {
    getBucket(s, t.bucket as string);
    sendEmpty(res);
  },
  GetBucketLocation: (s, _req, res, t) => {
    getBucket(s, t.bucket as string);
    sendXml(res, el('LocationConstraint', `oss-${s.region}`));
  },
  GetBucketInfo: getBucketInfo,
};
