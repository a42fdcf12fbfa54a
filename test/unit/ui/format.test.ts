import * as assert from 'assert';
import { formatBytes, formatDuration, formatTransfer, maskId } from '../../../src/ui/format';
import { attachmentDisposition } from '../../../src/connections/links';

describe('ui/format', () => {
  it('formats sizes and transfer progress', () => {
    assert.strictEqual(formatBytes(0), '0 B');
    assert.strictEqual(formatBytes(1536), '1.5 KB');
    assert.strictEqual(formatTransfer(12.3 * 1024 * 1024, 40 * 1024 * 1024, 8.1 * 1024 * 1024), '12.3 MB / 40.0 MB · 8.1 MB/s');
    assert.strictEqual(formatTransfer(0, 10, 0), '0 B / 10 B');
    assert.strictEqual(formatTransfer(2048, 0, 1024), '2.0 KB · 1.0 KB/s', 'no total known: the bytes so far');
  });

  it('formats durations the way link messages show them', () => {
    assert.strictEqual(formatDuration(3599.4), '1 h');
    assert.strictEqual(formatDuration(900), '15 min');
    assert.strictEqual(formatDuration(5400), '1.5 h');
    assert.strictEqual(formatDuration(86399), '1 day');
    assert.strictEqual(formatDuration(604800), '7 days');
    assert.strictEqual(formatDuration(30), '30 s');
  });

  it('masks ids', () => {
    assert.strictEqual(maskId('LTAI5tAbCdEfGhIj'), 'LTAI****GhIj');
    assert.strictEqual(maskId('short'), 'sh****');
  });

  it('builds an RFC 6266 attachment disposition with an ASCII fallback', () => {
    assert.strictEqual(attachmentDisposition('résumé 1.txt'), `attachment; filename="r_sum_ 1.txt"; filename*=UTF-8''r%C3%A9sum%C3%A9%201.txt`);
    assert.strictEqual(attachmentDisposition('a"b\'(c).txt'), `attachment; filename="a_b'(c).txt"; filename*=UTF-8''a%22b%27%28c%29.txt`);
  });
});
