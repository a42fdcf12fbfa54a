import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { randomBytes } from 'crypto';
import { downloadFromSignedUrl } from '../../../src/core/http';
import { presignUrl } from '../../../src/core/signer';
import { startOssServer, type OssServer } from '../../support/ossServer';

describe('core/http/signedGet', () => {
  let server: OssServer;
  let dir: string;
  before(async () => {
    server = await startOssServer();
    server.createBucket('dl-bucket');
  });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signed-get-'));
    server.faults.reset();
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  after(async () => server.close());

  function link(key: string, version: 'v1' | 'v4' = 'v4', expiresInSeconds = 600): string {
    return presignUrl({
      credentials: { accessKeyId: server.accessKeyId, accessKeySecret: server.accessKeySecret },
      signatureVersion: version,
      method: 'GET',
      endpoint: server.endpoint,
      region: server.region,
      bucket: 'dl-bucket',
      key,
      expiresInSeconds,
    }).url;
  }

  const leftovers = (): string[] => fs.readdirSync(dir).filter((f) => f.startsWith('.ossdl-'));

  it('writes the exact bytes from V4 and V1 links, CRC-checked, with progress', async () => {
    const bytes = randomBytes(2 * 1024 * 1024 + 17);
    server.putObjectDirect('dl-bucket', 'dir/a b+ü.bin', bytes);
    for (const v of ['v4', 'v1'] as const) {
      const file = path.join(dir, `out-${v}.bin`);
      const seen: number[] = [];
      const r = await downloadFromSignedUrl({ url: link('dir/a b+ü.bin', v), file, onProgress: (n) => seen.push(n) });
      assert.ok(fs.readFileSync(file).equals(bytes));
      assert.strictEqual(r.size, bytes.length);
      assert.ok(r.crc64, 'the server sent a CRC-64 and it was checked');
      assert.strictEqual(seen.at(-1), bytes.length);
    }
    assert.deepStrictEqual(leftovers(), []);
  });

  it('a corrupted body fails the CRC check and leaves nothing behind', async () => {
    server.putObjectDirect('dl-bucket', 'c.bin', randomBytes(50_000));
    server.faults.corruptCrcNext(1);
    const file = path.join(dir, 'c.bin');
    await assert.rejects(downloadFromSignedUrl({ url: link('c.bin'), file }), (e: Error & { code?: string }) => e.code === 'InconsistentCrc' || /CRC/i.test(e.message));
    assert.ok(!fs.existsSync(file));
    assert.deepStrictEqual(leftovers(), []);
  });

  it('never replaces an existing file unless asked', async () => {
    server.putObjectDirect('dl-bucket', 'x.txt', 'new content');
    const file = path.join(dir, 'x.txt');
    fs.writeFileSync(file, 'mine');
    await assert.rejects(downloadFromSignedUrl({ url: link('x.txt'), file }), /exists/);
    assert.strictEqual(fs.readFileSync(file, 'utf8'), 'mine');
    await downloadFromSignedUrl({ url: link('x.txt'), file, overwrite: true });
    assert.strictEqual(fs.readFileSync(file, 'utf8'), 'new content');
  });

  it('an expired or missing object is an OSS error, and no file appears', async () => {
    const file = path.join(dir, 'none');
    await assert.rejects(downloadFromSignedUrl({ url: link('missing.txt'), file }), (e: Error & { code?: string; status?: number }) => e.code === 'NoSuchKey' && e.status === 404);
    server.putObjectDirect('dl-bucket', 'old.txt', 'x');
    const expired = link('old.txt', 'v1', 1).replace(/Expires=\d+/, `Expires=${Math.floor(Date.now() / 1000) - 60}`);
    await assert.rejects(downloadFromSignedUrl({ url: expired, file }), (e: Error & { status?: number }) => e.status === 403);
    assert.ok(!fs.existsSync(file));
  });

  it('cancelling stops the transfer and removes the temp file', async () => {
    server.putObjectDirect('dl-bucket', 'big.bin', randomBytes(8 * 1024 * 1024));
    const ac = new AbortController();
    const file = path.join(dir, 'big.bin');
    await assert.rejects(
      downloadFromSignedUrl({ url: link('big.bin'), file, signal: ac.signal, onProgress: (n) => n > 0 && ac.abort() }),
      (e: Error) => e.name === 'AbortError',
    );
    assert.ok(!fs.existsSync(file));
    assert.deepStrictEqual(leftovers(), []);
  });
});
