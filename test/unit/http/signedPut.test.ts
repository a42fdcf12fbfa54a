import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { inspectSignedUrl, putFileToSignedUrl } from '../../../src/core/http/signedPut';
import { presignUrl } from '../../../src/core/signer';
import { startOssServer, type OssServer } from '../../support/ossServer';

describe('core/http/signedPut', () => {
  let server: OssServer;
  let dir: string;
  before(async () => {
    server = await startOssServer();
    server.createBucket('upl');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signed-put-'));
  });
  after(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function link(key: string, contentType: string, version: 'v1' | 'v4' = 'v4', expiresInSeconds = 600): string {
    return presignUrl({
      credentials: { accessKeyId: server.accessKeyId, accessKeySecret: server.accessKeySecret },
      signatureVersion: version,
      method: 'PUT',
      endpoint: server.endpoint,
      region: server.region,
      bucket: 'upl',
      key,
      expiresInSeconds,
      headers: { 'content-type': contentType },
    }).url;
  }

  it('streams a file to a V4 and a V1 PUT link with progress', async () => {
    const file = path.join(dir, 'f.bin');
    fs.writeFileSync(file, Buffer.alloc(3 * 1024 * 1024, 7));
    for (const v of ['v4', 'v1'] as const) {
      const seen: number[] = [];
      const r = await putFileToSignedUrl({ url: link(`a b/${v}.bin`, 'application/octet-stream', v), file, contentType: 'application/octet-stream', onProgress: (n) => seen.push(n) });
      assert.strictEqual(r.status, 200);
      assert.strictEqual(seen.at(-1), 3 * 1024 * 1024);
      assert.strictEqual(server.headObjectDirect('upl', `a b/${v}.bin`)?.size, 3 * 1024 * 1024);
    }
  });

  it('fails with the OSS error when the Content-Type differs from the signed one', async () => {
    const file = path.join(dir, 'g.txt');
    fs.writeFileSync(file, 'x');
    await assert.rejects(
      putFileToSignedUrl({ url: link('g.txt', 'text/plain'), file, contentType: 'application/json' }),
      (e: { code?: string; status?: number; requestId?: string }) => e.code === 'SignatureDoesNotMatch' && e.status === 403 && !!e.requestId,
    );
  });

  it('aborts', async () => {
    const file = path.join(dir, 'h.bin');
    fs.writeFileSync(file, Buffer.alloc(1024));
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(putFileToSignedUrl({ url: link('h.bin', 'application/octet-stream'), file, signal: ac.signal }), { name: 'AbortError' });
  });

  it('reads version, expiry and additional headers from a link', () => {
    const now = new Date('2026-01-02T03:04:05Z');
    const url = presignUrl({
      credentials: { accessKeyId: 'LTAIxxxxxxxx', accessKeySecret: 's' },
      signatureVersion: 'v4',
      method: 'PUT',
      endpoint: 'https://oss-cn-hangzhou.aliyuncs.com',
      region: 'cn-hangzhou',
      bucket: 'bkt',
      key: 'dir/k.txt',
      expiresInSeconds: 60,
      now,
      headers: { 'x-oss-meta-a': '1', host: 'bkt.oss-cn-hangzhou.aliyuncs.com' },
      additionalHeaders: ['host'],
    }).url;
    const info = inspectSignedUrl(url);
    assert.strictEqual(info.version, 'v4');
    assert.strictEqual(info.expiresAt?.toISOString(), '2026-01-02T03:05:05.000Z');
    assert.deepStrictEqual(info.additionalHeaders, ['host']);
    assert.strictEqual(info.key, 'dir/k.txt');
  });
});
