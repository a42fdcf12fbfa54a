/**
 * Move = copy, verify, delete, against the local OSS server with the real client. The old check
 * compared ETags, so every move copied with UploadPartCopy (whose ETag always differs) failed
 * after the copy was written.
 */
import * as assert from 'node:assert/strict';
import type { OssClient } from '../../../src/core/client';
import { moveObject, verifyCopy, MoveVerificationError, type MoveApi } from '../../../src/core/transfer';
import { setup, teardown, writeRandomFile, type Harness } from '../client/helpers';

function apiOf(client: OssClient, copyOpts: { multipartThreshold?: number; partSize?: number } = {}): MoveApi {
  return {
    headObject: (b, k) => client.headObject(b, k),
    copyObject: async (sb, sk, db, dk, forbidOverwrite) => {
      await client.copyObject(sb, sk, db, dk, { forbidOverwrite, ...copyOpts });
    },
    deleteObject: async (b, k) => {
      await client.deleteObject(b, k);
    },
  };
}

describe('core/transfer moveObject', () => {
  let h: Harness;
  before(async () => {
    h = await setup();
  });
  after(() => teardown(h));

  /** The real API, with a wrong CRC-64 header on the HEADs numbered in `at` (1-based). */
  function corruptingHeads(at: number[]): { api: MoveApi; heads: () => number } {
    const real = apiOf(h.client);
    let n = 0;
    const api: MoveApi = {
      ...real,
      headObject: (b, k) => {
        if (at.includes(++n)) h.server.faults.corruptCrcNext(1);
        return real.headObject(b, k);
      },
    };
    return { api, heads: () => n };
  }

  it('moves an object copied part by part (UploadPartCopy, a different ETag), verified by CRC-64', async () => {
    const file = writeRandomFile(h.tmpDir, 'big.bin', 350 * 1024, 3);
    await h.client.uploadFile({ bucket: h.bucket, key: 'm/big.bin', file });
    const before = await h.client.headObject(h.bucket, 'm/big.bin');
    const r = await moveObject(apiOf(h.client, { multipartThreshold: 1, partSize: 100 * 1024 }), { bucket: h.bucket, from: 'm/big.bin', to: 'm/moved.bin', overwrite: false });
    assert.equal(r.verifiedBy, 'crc64');
    const after = await h.client.headObject(h.bucket, 'm/moved.bin');
    assert.notEqual(after.etag, before.etag, 'a part-by-part copy has another ETag');
    assert.equal(after.crc64, before.crc64);
    assert.equal(h.server.headObjectDirect(h.bucket, 'm/big.bin'), undefined, 'the source is gone only after the check');
  });

  it('keeps the source and removes the copy when the copy does not match', async () => {
    h.server.putObjectDirect(h.bucket, 'm/src.txt', 'the real content');
    const real = apiOf(h.client);
    // A copy that lands wrong (as a faulty proxy or a concurrent writer could make it).
    const api: MoveApi = {
      ...real,
      copyObject: async (_sb, _sk, db, dk) => {
        h.server.putObjectDirect(db, dk, 'the real CONTENT');
      },
    };
    await assert.rejects(moveObject(api, { bucket: h.bucket, from: 'm/src.txt', to: 'm/dst.txt', overwrite: false }), (e: unknown) => {
      assert.ok(e instanceof MoveVerificationError);
      assert.match(e.message, /CRC-64 .* instead of .*source was kept and the copy removed/);
      return true;
    });
    assert.equal((await h.server.getObjectBytes(h.bucket, 'm/src.txt'))?.toString(), 'the real content');
    assert.equal(h.server.headObjectDirect(h.bucket, 'm/dst.txt'), undefined);
  });

  it('looks again before removing: one corrupted CRC header does not cost a good copy (fault soak)', async () => {
    h.server.putObjectDirect(h.bucket, 'm/crc-src.txt', 'content whose copy is fine');
    h.server.putObjectDirect(h.bucket, 'm/crc-dst.txt', 'the old destination');
    // The HEAD of the copy (the second HEAD) gets a wrong x-oss-hash-crc64ecma.
    const { api, heads } = corruptingHeads([2]);
    const r = await moveObject(api, { bucket: h.bucket, from: 'm/crc-src.txt', to: 'm/crc-dst.txt', overwrite: true });
    assert.equal(r.verifiedBy, 'crc64');
    assert.equal(heads(), 4, 'both objects were looked at again');
  });

  it('looks up to three times: two damaged CRC headers in a row do not cost a good copy either', async () => {
    h.server.putObjectDirect(h.bucket, 'm/crc2-src.txt', 'content whose copy is fine');
    // The first HEAD of the copy and the second look at it.
    const { api, heads } = corruptingHeads([2, 4]);
    await moveObject(api, { bucket: h.bucket, from: 'm/crc2-src.txt', to: 'm/crc2-dst.txt', overwrite: true });
    assert.equal(heads(), 6);
    assert.equal((await h.server.getObjectBytes(h.bucket, 'm/crc2-dst.txt'))?.toString(), 'content whose copy is fine');
    assert.equal((await h.server.getObjectBytes(h.bucket, 'm/crc-dst.txt'))?.toString(), 'content whose copy is fine');
    assert.equal(h.server.headObjectDirect(h.bucket, 'm/crc-src.txt'), undefined);
  });

  it('verifyCopy: size first, CRC-64 when both have it, ETag only for single-part objects', () => {
    const base = { size: 3, meta: {} };
    assert.deepEqual(verifyCopy({ ...base, crc64: '1' }, { ...base, size: 4, crc64: '1' }), { ok: false, why: 'size 4 instead of 3' });
    assert.equal(verifyCopy({ ...base, crc64: '1', etag: '"a"' }, { ...base, crc64: '1', etag: '"b-2"' }).ok, true);
    assert.equal(verifyCopy({ ...base, etag: '"a"' }, { ...base, etag: '"b"' }).ok, false);
    assert.deepEqual(verifyCopy({ ...base, etag: '"a"' }, { ...base, etag: '"b-3"', objectType: 'Multipart' }), { ok: true, by: 'size' });
  });
});
