/**
 * AWS's Object Ownership "bucket owner enforced" (ACLs disabled), which moto stores but does not
 * enforce (moto 5.2.1 accepts PutObjectAcl, and PUT / CopyObject with `x-amz-acl: public-read`, on
 * such a bucket; test/unit/s3/aclsDisabled.test.ts shows it). s3rver has no ownership controls.
 *
 * This reverse proxy sits in front of moto (path-style only). For each bucket it asks moto for the
 * stored ownership controls (GetBucketOwnershipControls through the AWS SDK, once per bucket and
 * after every PutBucketOwnershipControls) and, where they say BucketOwnerEnforced, answers what
 * AWS documents (userguide/object-ownership-error-responses): 400 AccessControlListNotSupported
 * "The bucket does not allow ACLs" to PutObjectAcl, and to PUT / POST ?uploads requests that
 * carry an `x-amz-acl` other than bucket-owner-full-control or any `x-amz-grant-*` header.
 * Everything else goes to moto byte for byte (moto checks the signature, with the Host header the
 * client signed).
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetBucketOwnershipControlsCommand, S3Client as AwsS3 } from '@aws-sdk/client-s3';
import type { S3TestServer } from './s3Servers';

export interface AclsDisabledProxy {
  /** http://127.0.0.1:<port>: use it as the S3 endpoint (path-style). */
  endpoint: string;
  /** Requests refused with AccessControlListNotSupported, as "METHOD /bucket/key?query". */
  refused: string[];
  close(): Promise<void>;
}

const ERROR_BODY = (resource: string): string =>
  '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessControlListNotSupported</Code><Message>The bucket does not allow ACLs</Message>'
  + `<Resource>${resource.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</Resource><RequestId>ACLPROXY0000000001</RequestId></Error>`;

/** True when the request sets an ACL that a bucket with ACLs disabled refuses. */
function setsAcl(req: http.IncomingMessage, query: URLSearchParams): boolean {
  if (req.method === 'PUT' && query.has('acl')) return true;
  const write = req.method === 'PUT' || (req.method === 'POST' && query.has('uploads'));
  if (!write) return false;
  const acl = req.headers['x-amz-acl'];
  if (acl !== undefined && acl !== 'bucket-owner-full-control') return true;
  return Object.keys(req.headers).some((h) => h.startsWith('x-amz-grant-'));
}

export async function startAclsDisabledProxy(moto: S3TestServer): Promise<AclsDisabledProxy> {
  const sdk = new AwsS3({
    endpoint: moto.endpoint, region: moto.region, forcePathStyle: true, maxAttempts: 1,
    credentials: { accessKeyId: moto.accessKeyId, secretAccessKey: moto.secretAccessKey },
  });
  const target = new URL(moto.endpoint);
  const enforced = new Map<string, Promise<boolean>>();
  const isEnforced = (bucket: string): Promise<boolean> => {
    let p = enforced.get(bucket);
    if (!p) {
      p = sdk.send(new GetBucketOwnershipControlsCommand({ Bucket: bucket }))
        .then((r) => (r.OwnershipControls?.Rules ?? []).some((rule) => rule.ObjectOwnership === 'BucketOwnerEnforced'))
        .catch(() => false);
      enforced.set(bucket, p);
    }
    return p;
  };
  const refused: string[] = [];
  const agent = new http.Agent({ keepAlive: true });

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://proxy');
    const bucket = decodeURIComponent(url.pathname.split('/')[1] ?? '');
    const forward = (): void => {
      const out = http.request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers, agent },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
          // A new ownership rule: ask moto again next time.
          if (req.method === 'PUT' && url.searchParams.has('ownershipControls')) up.on('end', () => enforced.delete(bucket));
        },
      );
      out.on('error', (err) => res.destroy(err));
      req.pipe(out);
    };
    if (!bucket || !setsAcl(req, url.searchParams)) return forward();
    void isEnforced(bucket).then((yes) => {
      if (!yes) return forward();
      refused.push(`${req.method} ${url.pathname}${url.search}`);
      req.resume();
      req.on('end', () => {
        const body = ERROR_BODY(url.pathname);
        res.writeHead(400, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body), 'x-amz-request-id': 'ACLPROXY0000000001' });
        res.end(body);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    refused,
    close: () =>
      new Promise((resolve) => {
        agent.destroy();
        sdk.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
