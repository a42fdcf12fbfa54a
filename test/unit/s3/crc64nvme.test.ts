/**
 * CRC-64/NVME (`x-amz-checksum-crc64nvme`): the catalogue check value, a bit-by-bit BigInt
 * reference on random inputs, and downloads from moto checked by it. moto 5.2.1 stores the value a
 * PUT sends with `x-amz-sdk-checksum-algorithm: CRC64NVME` without checking it, and returns it on
 * GET with `x-amz-checksum-mode: ENABLED` (without the awscrt module, which these machines lack, moto
 * cannot compute one itself: it would store a CRC-32 under that name). s3rver has no checksums.
 */
import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { Crc64Nvme, crc64NvmeBase64 } from '../../../src/core/crc64nvme';
import { S3Client } from '../../../src/core/s3';
import { bodyVerify } from '../../../src/core/s3/checks';
import { StaticAccessKeyProvider } from '../../../src/core/credentials/providers';
import { mulberry32 } from '../../support/prng';
import { startMoto, type S3TestServer } from '../../support/s3Servers';

/** Bit by bit, straight from the definition (reflected, poly 0xAD93D23594C93659 reversed). */
function reference(data: Uint8Array): bigint {
  const poly = 0x9a6c9329ac4bc9b5n;
  const mask = (1n << 64n) - 1n;
  let crc = mask;
  for (const byte of data) {
    crc ^= BigInt(byte);
    for (let k = 0; k < 8; k++) crc = crc & 1n ? (crc >> 1n) ^ poly : crc >> 1n;
  }
  return crc ^ mask;
}

describe('CRC-64/NVME', () => {
  it('check("123456789") is 0xAE8B14860A799888 (the CRC catalogue value), the empty input 0', () => {
    assert.equal(new Crc64Nvme().update(Buffer.from('123456789')).digest(), 0xae8b14860a799888n);
    assert.equal(crc64NvmeBase64(Buffer.from('123456789')), Buffer.from('ae8b14860a799888', 'hex').toString('base64'));
    assert.equal(new Crc64Nvme().digest(), 0n);
  });

  it('equals the bit-by-bit reference on 300 random inputs (lengths 0-200, odd offsets, split updates)', () => {
    const rnd = mulberry32(64);
    for (let n = 0; n < 300; n++) {
      const len = Math.floor(rnd() * 201);
      const backing = Buffer.alloc(len + 3);
      for (let i = 0; i < backing.length; i++) backing[i] = Math.floor(rnd() * 256);
      const data = backing.subarray(3 - (n % 4 === 0 ? 0 : 1) - (n % 3 === 0 ? 1 : 0), undefined).subarray(0, len);
      const cut = Math.floor(rnd() * (len + 1));
      const split = new Crc64Nvme().update(data.subarray(0, cut)).update(data.subarray(cut)).digest();
      assert.equal(split, reference(data), `length ${len}, cut ${cut}`);
    }
  });
});

describe('CRC-64/NVME downloads from moto', function () {
  this.timeout(30000);
  let moto: S3TestServer;
  let client: S3Client;
  const bucket = `nvme-${randomBytes(3).toString('hex')}`;

  before(async () => {
    moto = await startMoto();
    client = new S3Client({ endpoint: moto.endpoint, region: moto.region, pathStyle: true, maxRetries: 0, credentials: new StaticAccessKeyProvider(moto.accessKeyId, moto.secretAccessKey) });
    await client.createBucket(bucket);
  });
  after(async () => {
    client?.destroy();
    await moto?.stop();
  });

  /** A PUT as an SDK with CRC-64/NVME sends it; SSE-KMS so that the ETag is no MD5 to check instead. */
  async function put(key: string, body: Buffer, checksum: string): Promise<void> {
    await client.request({
      op: 'PutObject', method: 'PUT', bucket, key, body, bodyLength: body.length, response: 'none',
      headers: {
        'x-amz-sdk-checksum-algorithm': 'CRC64NVME', 'x-amz-checksum-crc64nvme': checksum, 'x-amz-server-side-encryption': 'aws:kms',
        'content-md5': createHash('md5').update(body).digest('base64'),
      },
    });
  }

  it('an object with only a CRC-64/NVME (no CRC-32C, no MD5 ETag) is checked by it: the right one reads, a wrong one is reported', async () => {
    const body = randomBytes(70_000);
    await put('good.bin', body, crc64NvmeBase64(body));
    const got = await client.getObjectBuffer(bucket, 'good.bin');
    assert.deepEqual(got.body, body);

    const wrong = crc64NvmeBase64(Buffer.from('something else'));
    await put('bad.bin', body, wrong);
    const head = await client.headObject(bucket, 'bad.bin');
    assert.equal(head.crc32c, undefined, 'no CRC-32C to check instead');
    await assert.rejects(client.getObjectBuffer(bucket, 'bad.bin'), (err: unknown) => {
      assert.equal((err as { code?: string }).code, 'InconsistentCrc');
      assert.match((err as Error).message, new RegExp(`downloaded object CRC-64/NVME client ${crc64NvmeBase64(body).replace(/[+/]/g, '\\$&')}, server ${wrong.replace(/[+/]/g, '\\$&')}`));
      return true;
    });
  });

  it('the order of the checks: CRC-32C, then the MD5 ETag, then CRC-64/NVME', () => {
    const nvme = { 'x-amz-checksum-crc64nvme': 'AAAAAAAAAAA=', 'x-amz-checksum-type': 'FULL_OBJECT' };
    assert.equal(bodyVerify({ ...nvme, 'x-amz-checksum-crc32c': 'AAAAAA==', etag: '"abc-2"' }, 'op')?.expected, 'AAAAAA==');
    assert.equal(bodyVerify({ ...nvme, etag: '"0cc175b9c0f1b6a831c399e269772661"' }, 'op')?.expected, '0cc175b9c0f1b6a831c399e269772661');
    assert.equal(bodyVerify({ ...nvme, etag: '"0cc175b9c0f1b6a831c399e269772661-3"' }, 'op')?.expected, 'AAAAAAAAAAA=');
  });
});
