/** Checkpoint records: parsing stored JSON, ids, percent. */
import * as assert from 'node:assert/strict';
import { checkpointId, checkpointPercent, parseCheckpoint, type UploadCheckpoint } from '../../../src/core/transfer';

const good: UploadCheckpoint = {
  version: 1, id: 'upload-x', connectionId: 'c1', bucket: 'b', key: 'k.bin', file: '/tmp/k.bin', uploadId: 'ABC',
  partSize: 100, fileSize: 250, mtimeMs: 1700000000000.5, created: '2026-01-01T00:00:00.000Z', updated: '2026-01-01T00:00:01.000Z',
  parts: [{ partNumber: 2, etag: '"e2"', size: 100, crc64: '2' }, { partNumber: 1, etag: '"e1"', size: 100, crc64: '1' }],
};

describe('core/transfer/checkpoint', () => {
  it('parses a stored checkpoint, sorts its parts and drops unknown fields', () => {
    const cp = parseCheckpoint({ ...good, accessKeySecret: 'shh', extra: 1 });
    assert.ok(cp);
    assert.deepEqual(cp.parts.map((p) => p.partNumber), [1, 2]);
    assert.ok(!JSON.stringify(cp).includes('shh'), 'unknown fields are not kept');
    assert.equal(checkpointPercent(cp), 80);
  });

  it('rejects what is not a checkpoint', () => {
    for (const bad of [null, 'x', [], { ...good, version: 2 }, { ...good, uploadId: '' }, { ...good, partSize: 0 },
      { ...good, parts: [{ partNumber: 0, etag: 'e', size: 1, crc64: '1' }] }, { ...good, parts: [{ partNumber: 1, etag: 'e', size: 1, crc64: 'x1' }] },
      { ...good, mtimeMs: 'yesterday' }]) {
      assert.equal(parseCheckpoint(bad), undefined, JSON.stringify(bad));
    }
  });

  it('ids are file-name safe and differ per upload id', () => {
    const a = checkpointId('A/../b:c');
    assert.match(a, /^upload-[A-Za-z0-9_-]+$/);
    assert.notEqual(checkpointId('A_b'), checkpointId('A/b'));
  });
});
