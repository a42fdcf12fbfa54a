/**
 * A Complete that succeeded although no answer said so (found by the fault soak): the object
 * decides, checked by size and CRC-64, and never guessed.
 */
import * as assert from 'node:assert/strict';
import type { UploadedPart } from '../../../src/core/client';
import { OssClientError } from '../../../src/core/client';
import { setup, teardown, type Harness } from './helpers';

describe('core/client: reconciling CompleteMultipartUpload', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await setup();
  });
  afterEach(() => teardown(h));

  const p1 = Buffer.alloc(100 * 1024, 3);
  const p2 = Buffer.from('the short last part');

  async function twoParts(key: string): Promise<{ id: string; parts: UploadedPart[] }> {
    const id = await h.client.initiateMultipartUpload(h.bucket, key);
    return { id, parts: [await h.client.uploadPart(h.bucket, key, id, 1, p1), await h.client.uploadPart(h.bucket, key, id, 2, p2)] };
  }

  it('accepts a Complete whose CRC header was damaged once the object shows the right CRC-64', async () => {
    const { id, parts } = await twoParts('r/crc-header.bin');
    h.server.faults.corruptCrcNext(1);
    const done = await h.client.completeMultipartUpload(h.bucket, 'r/crc-header.bin', id, parts);
    assert.equal(done.crc64, h.server.headObjectDirect(h.bucket, 'r/crc-header.bin')?.crc64);
    assert.deepEqual(await h.server.getObjectBytes(h.bucket, 'r/crc-header.bin'), Buffer.concat([p1, p2]));
  });

  it('still fails with InconsistentCrc when the object really differs', async () => {
    const { id, parts } = await twoParts('r/really-wrong.bin');
    // Claim a CRC-64 for part 2 that the stored bytes do not have.
    const lying = parts.map((p) => (p.partNumber === 2 ? { ...p, crc64: '12345' } : p));
    await assert.rejects(h.client.completeMultipartUpload(h.bucket, 'r/really-wrong.bin', id, lying), (e: unknown) => e instanceof OssClientError && e.code === 'InconsistentCrc');
  });

  it('accepts a Complete carried out whose answer was lost and whose retries then ran out', async () => {
    const { id, parts } = await twoParts('r/ran-out.bin');
    h.server.faults.dropResponseNext(1, { op: 'CompleteMultipartUpload' });
    h.server.faults.failNext(3, 503, { op: 'CompleteMultipartUpload' });
    const done = await h.client.completeMultipartUpload(h.bucket, 'r/ran-out.bin', id, parts);
    assert.equal(done.crc64, h.server.headObjectDirect(h.bucket, 'r/ran-out.bin')?.crc64);
    assert.deepEqual(h.server.listUploads(h.bucket), []);
  });

  it('looks at the object twice: one damaged HEAD does not fail a lost-answer Complete', async () => {
    const { id, parts } = await twoParts('r/two-looks.bin');
    h.server.faults.dropResponseNext(1, { op: 'CompleteMultipartUpload' });
    let heads = 0;
    h.server.faults.chaos = (r) => {
      if (r.op === 'HeadObject' && ++heads === 1) h.server.faults.corruptCrcNext(1);
    };
    await h.client.completeMultipartUpload(h.bucket, 'r/two-looks.bin', id, parts);
    assert.equal(heads, 2);
  });

  it('a part-by-part copy (UploadPartCopy) whose Complete answer is lost succeeds, checked against the source', async () => {
    h.server.putObjectDirect(h.bucket, 'r/src.bin', Buffer.concat([p1, p1, p2]));
    h.server.faults.dropResponseNext(1, { op: 'CompleteMultipartUpload' });
    await h.client.copyObject(h.bucket, 'r/src.bin', h.bucket, 'r/copy.bin', { multipartThreshold: 1, partSize: 100 * 1024 });
    assert.equal(h.server.headObjectDirect(h.bucket, 'r/copy.bin')?.crc64, h.server.headObjectDirect(h.bucket, 'r/src.bin')?.crc64);
    assert.deepEqual(h.server.listUploads(h.bucket), []);
  });
});
