/** readPart: an S3 part is read from its file once, for its checksums and its first attempt; a retry reads the file again. */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { readPart } from '../../../src/core/s3/objects';
import { crc32c, crc32cBase64 } from '../../../src/core/crc32c';
import { Crc64 } from '../../../src/core/crc64';

async function drain(r: Readable): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const c of r) out.push(c as Buffer);
  return Buffer.concat(out);
}

describe('S3 readPart', () => {
  const bytes = randomBytes(3 * 1024 * 1024 + 17);
  const want = { crc32c: crc32cBase64(crc32c(bytes)), crc64: new Crc64().update(bytes).toString() };

  it('reads a stream factory once for the checksums and the first attempt; a retry opens it again', async () => {
    let opened = 0;
    const factory = (): Readable => {
      opened++;
      return Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000, 70000), bytes.subarray(70000)]);
    };
    const part = await readPart(factory, bytes.length);
    assert.equal(part.crc32c, want.crc32c);
    assert.equal(part.crc64, want.crc64);
    assert.equal(opened, 1);
    assert.equal(typeof part.body, 'function');
    const send = part.body as () => Readable;
    const first = send();
    const chunks: number[] = [];
    first.on('data', (c: Buffer) => chunks.push(c.length));
    assert.ok((await drain(first)).equals(bytes), 'the first attempt sends the bytes read');
    assert.equal(opened, 1, 'without reading the file again');
    assert.ok(chunks.every((n) => n <= 1024 * 1024), `sent in slices of at most 1 MiB (progress): ${chunks.join(',')}`);
    assert.ok((await drain(send())).equals(bytes), 'a retry sends the same bytes');
    assert.equal(opened, 2, 'read from the file again');
  });

  it('a factory that gives more or fewer bytes than the size still gets checksums of what it gave', async () => {
    const short = await readPart(() => Readable.from([bytes.subarray(0, 10)]), 100);
    assert.equal(short.crc32c, crc32cBase64(crc32c(bytes.subarray(0, 10))));
    assert.ok((await drain((short.body as () => Readable)())).equals(bytes.subarray(0, 10)));
    const long = await readPart(() => Readable.from([bytes.subarray(0, 60), bytes.subarray(60, 100)]), 50);
    assert.ok((await drain((long.body as () => Readable)())).equals(bytes.subarray(0, 100)));
  });

  it('a buffer is checksummed and sent as it is', async () => {
    const part = await readPart(bytes);
    assert.deepEqual({ crc32c: part.crc32c, crc64: part.crc64 }, want);
    assert.equal(part.body, bytes);
  });

  it('a read error fails the part', async () => {
    const failing = (): Readable => new Readable({ read() { this.destroy(new Error('disk gone')); } });
    await assert.rejects(readPart(failing, 10), /disk gone/);
  });
});
