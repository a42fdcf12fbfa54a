/** `--data <dir>` mode: blob paths read from metadata.json must stay inside `<dir>/blobs`. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { startOssServer, type OssServer } from '../../support/ossServer';
import { signedRequest } from './helpers';

interface BlobJson { size: number; md5: string; crc: string; file?: string; segments?: BlobJson[] }

function blobJson(content: string, file: string): BlobJson {
  return { size: Buffer.byteLength(content), md5: createHash('md5').update(content).digest('base64'), crc: '0', file };
}

function objectJson(key: string, blob: BlobJson): Record<string, unknown> {
  return {
    key, blob, etag: '"00"', lastModified: new Date(0).toISOString(), contentType: 'text/plain', meta: {}, headers: {},
    type: 'Normal', storageClass: 'Standard', hasCrc: false,
  };
}

describe('ossServer --data: blob paths in metadata.json are confined to the blob folder', function () {
  this.timeout(20000);
  let root: string;
  let dataDir: string;
  let blobs: string;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'oss-confine-'));
    dataDir = path.join(root, 'data');
    blobs = path.join(dataDir, 'blobs');
    fs.mkdirSync(blobs, { recursive: true });
  });

  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  async function startWith(objects: Record<string, unknown>[]): Promise<{ server: OssServer; warnings: string[] }> {
    fs.writeFileSync(path.join(dataDir, 'metadata.json'), JSON.stringify({
      version: 1, buckets: [{ name: 'crafted', created: new Date(0).toISOString(), storageClass: 'Standard', objects }],
    }));
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => {
      warnings.push(args.map(String).join(' '));
    };
    try {
      return { server: await startOssServer({ dataDir }), warnings };
    } finally {
      console.warn = warn;
    }
  }

  it('does not serve or delete files outside the blob folder; legitimate blobs still load', async () => {
    const inData = path.join(dataDir, 'secret.txt');
    const elsewhere = path.join(root, 'elsewhere.txt');
    fs.writeFileSync(inData, 'secret in data dir');
    fs.writeFileSync(elsewhere, 'secret elsewhere');
    fs.writeFileSync(path.join(blobs, 'good'), 'good blob');
    fs.symlinkSync(elsewhere, path.join(blobs, 'link'));
    const bad: Record<string, BlobJson> = {
      'dotdot.txt': blobJson('secret in data dir', '../secret.txt'),
      'deeper.txt': blobJson('secret elsewhere', '../../elsewhere.txt'),
      'inner-dotdot.txt': blobJson('secret in data dir', 'x/../../secret.txt'),
      'absolute.txt': blobJson('secret elsewhere', elsewhere),
      'symlink.txt': blobJson('secret elsewhere', 'link'),
      'segments.bin': {
        size: 27, md5: '', crc: '0', segments: [blobJson('good blob', 'good'), blobJson('secret in data dir', '../secret.txt')],
      },
    };
    const { server, warnings } = await startWith([
      objectJson('good.txt', blobJson('good blob', 'good')),
      ...Object.entries(bad).map(([k, b]) => objectJson(k, b)),
    ]);
    try {
      const good = await signedRequest(server, { method: 'GET', bucket: 'crafted', key: 'good.txt' });
      assert.equal(good.status, 200);
      assert.equal(good.text, 'good blob');
      for (const key of Object.keys(bad)) {
        const got = await signedRequest(server, { method: 'GET', bucket: 'crafted', key });
        assert.equal(got.status, 404, `GET ${key}`);
        assert.doesNotMatch(got.text, /secret/, `GET ${key} body`);
        const del = await signedRequest(server, { method: 'DELETE', bucket: 'crafted', key });
        assert.equal(del.status, 204, `DELETE ${key}`);
        assert.ok(warnings.some((w) => w.includes(`crafted/${key}`) && /outside the blob folder/.test(w)), `warning for ${key}: ${warnings.join(' | ')}`);
      }
      assert.deepEqual(server.listKeys('crafted'), ['good.txt']);
    } finally {
      await server.close();
    }
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(fs.readFileSync(inData, 'utf8'), 'secret in data dir');
    assert.equal(fs.readFileSync(elsewhere, 'utf8'), 'secret elsewhere');
    assert.equal(fs.readFileSync(path.join(blobs, 'good'), 'utf8'), 'good blob', 'shared good blob kept while good.txt lives');
  });

  it('deleting an object whose blob resolves outside never removes the outside file', async () => {
    const victim = path.join(dataDir, 'victim.txt');
    fs.writeFileSync(victim, 'do not delete');
    const { server } = await startWith([objectJson('victim.txt', blobJson('do not delete', '../victim.txt'))]);
    try {
      await signedRequest(server, { method: 'DELETE', bucket: 'crafted', key: 'victim.txt' });
      server.putObjectDirect('crafted', 'other.txt', 'x');
      assert.equal(server.deleteObjectDirect('crafted', 'victim.txt'), false);
    } finally {
      await server.close();
    }
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(fs.readFileSync(victim, 'utf8'), 'do not delete');
  });
});
