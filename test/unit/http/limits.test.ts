import * as assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { MAX_ERROR_BODY_BYTES, MAX_XML_BYTES, ResponseTooLargeError, readCapped } from '../../../src/core/http/limits';

function chunks(...parts: string[]): Readable {
  return Readable.from(parts.map((p) => Buffer.from(p)));
}

describe('core/http/limits: readCapped', () => {
  it('exposes the caps', () => {
    assert.equal(MAX_XML_BYTES, 8 * 1024 * 1024);
    assert.equal(MAX_ERROR_BODY_BYTES, 1024 * 1024);
  });

  it('reads a body up to the cap and reports every chunk', async () => {
    let seen = 0;
    const body = await readCapped(chunks('ab', 'cd', 'e'), 5, () => seen++);
    assert.equal(body.toString(), 'abcde');
    assert.equal(seen, 3);
  });

  it('stops reading and destroys the stream one byte past the cap', async () => {
    const src = chunks('abc', 'def', 'ghi');
    await assert.rejects(readCapped(src, 5), (e: Error & Partial<ResponseTooLargeError>) => {
      assert.ok(e instanceof ResponseTooLargeError);
      assert.equal(e.code, 'ResponseTooLarge');
      assert.equal(e.limit, 5);
      assert.match(e.message, /more than 5 bytes/);
      return true;
    });
    assert.equal(src.destroyed, true);
  });

  it('never concatenates more than the cap from a single huge chunk', async () => {
    const src = Readable.from([Buffer.alloc(10)]);
    await assert.rejects(readCapped(src, 9), ResponseTooLargeError);
  });

  it('propagates stream errors', async () => {
    const src = new Readable({ read() { this.destroy(new Error('boom')); } });
    await assert.rejects(readCapped(src, 100), /boom/);
  });

  it('accepts strings and Uint8Array chunks', async () => {
    const src = Readable.from(['x', new Uint8Array([0x79])], { objectMode: true });
    assert.equal((await readCapped(src, 2)).toString(), 'xy');
  });
});
