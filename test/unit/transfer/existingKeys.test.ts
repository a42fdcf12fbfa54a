/** Which upload keys exist, by listing where that is cheaper than HEADs: against the local OSS server. */
import * as assert from 'node:assert/strict';
import { isAbortError } from '../../../src/core/client';
import { commonPrefix, findExistingByListing, type ExistenceSource } from '../../../src/core/transfer/existingKeys';
import { compareCodePoints } from '../../../src/core/utf8Order';
import { applyExistingChoice, findExistingKeys, itemsForEntries } from '../../../src/core/transfer/uploadPlan';
import { useHarness, type Harness } from '../client/helpers';

function source(h: Harness): ExistenceSource {
  return {
    listObjects: (p) => h.client.listObjects(p),
    exists: (k, signal) => h.client.objectExists(h.bucket, k, { signal }),
  };
}

function requests(h: Harness): { lists: number; heads: number } {
  return {
    lists: h.logs.filter((l) => l.method === 'GET' && l.path.includes('list-type=2')).length,
    heads: h.logs.filter((l) => l.method === 'HEAD').length,
  };
}

describe('core/transfer/existingKeys: existing keys from a listing', function () {
  this.timeout(60_000);
  const harness = useHarness();

  it('commonPrefix takes the longest shared start and never splits a surrogate pair', () => {
    assert.equal(commonPrefix(['site/a.txt', 'site/sub/b.txt', 'site/c']), 'site/');
    assert.equal(commonPrefix(['one']), 'one');
    assert.equal(commonPrefix(['a', 'b']), '');
    assert.equal(commonPrefix(['x😀a', 'x😁b']), 'x');
    assert.equal(commonPrefix([]), '');
  });

  it('compareCodePoints orders strings as their UTF-8 bytes do, on 20,000 random pairs', () => {
    // A fixed-seed PRNG (mulberry32), so a failure names a pair that can be run again.
    let seed = 0x5eed;
    const rand = (): number => {
      seed = (seed + 0x6d2b79f5) | 0;
      let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
      return ((x ^ (x >>> 14)) >>> 0) / 2 ** 32;
    };
    const pick = (xs: readonly string[]): string => xs[Math.floor(rand() * xs.length)];
    // Few distinct units per class, so pairs often share a prefix and differ where the classes meet.
    const unit = (): string => {
      const r = rand();
      if (r < 0.35) return pick(['a', '/', 'z', '.', '~']);
      if (r < 0.55) return pick(['\uE000', '\uFF0F', '\uFFFD', '\uFFFF']); // U+E000–U+FFFF: above a surrogate in UTF-16, below it in UTF-8
      if (r < 0.8) return pick(['😀', '😁', '\u{10000}', '\u{10FFFF}', '𠀀']); // astral: a surrogate pair
      if (r < 0.9) return pick(['\u00e9', '\u4e2d', '\ud7ff']);
      return pick(['\ud800', '\udbff', '\udc00', '\udfff']); // a lone surrogate (UTF-8 writes U+FFFD)
    };
    const str = (): string => Array.from({ length: Math.floor(rand() * 6) }, unit).join('');
    const sign = (n: number): number => (n > 0 ? 1 : n < 0 ? -1 : 0);
    const samples = Array.from({ length: 400 }, str);
    samples.push('', '', 'a', '\uFFFD', '\ud800');
    let checked = 0;
    let unitOrderDiffers = 0;
    for (let n = 0; n < 20_000; n++) {
      const a = rand() < 0.5 ? str() : samples[Math.floor(rand() * samples.length)];
      // Half the pairs share a's start, so the first difference lands anywhere (inside a pair too).
      const b = rand() < 0.5 ? a.slice(0, Math.floor(rand() * (a.length + 1))) + str() : samples[Math.floor(rand() * samples.length)];
      const want = sign(Buffer.compare(Buffer.from(a), Buffer.from(b)));
      assert.equal(sign(compareCodePoints(a, b)), want, `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
      assert.equal(sign(compareCodePoints(b, a)), sign(-want), `${JSON.stringify(b)} vs ${JSON.stringify(a)}`);
      if (want !== (a < b ? -1 : a > b ? 1 : 0)) unitOrderDiffers++;
      checked++;
    }
    assert.equal(checked, 20_000);
    // The pairs do exercise where UTF-16 unit order and UTF-8 byte order disagree.
    assert.ok(unitOrderDiffers > 500, `only ${unitOrderDiffers} pairs where < and the bytes disagree`);
    assert.equal(compareCodePoints('', ''), 0);
    assert.ok(compareCodePoints('', 'a') < 0);
    assert.ok(compareCodePoints('\uFFFF', '😀') < 0, 'U+FFFF before U+1F600 (JS < says otherwise)');
    assert.ok('\uFFFF' > '😀');
    assert.ok(compareCodePoints('a😀', 'a😁') < 0);
    assert.equal(compareCodePoints('x\ud800', 'x\uFFFD'), 0, 'a lone surrogate is stored as U+FFFD');
  });

  it('answers 3,000 keys of a folder with listing pages and no HEAD', async () => {
    const h = harness();
    for (let i = 0; i < 2500; i += 2) h.server.putObjectDirect(h.bucket, `site/f${String(i).padStart(5, '0')}.txt`, 'x');
    h.server.putObjectDirect(h.bucket, 'site/other.txt', 'not wanted');
    h.server.putObjectDirect(h.bucket, 'elsewhere/f00000.txt', 'outside the prefix');
    const keys = Array.from({ length: 3000 }, (_, i) => `site/f${String(i).padStart(5, '0')}.txt`);
    h.logs.length = 0;
    const r = await findExistingByListing(h.bucket, keys, source(h));
    const expected = keys.filter((_, i) => i < 2500 && i % 2 === 0);
    assert.deepEqual([...r.existing].sort(), expected);
    assert.equal(r.heads, 0);
    assert.deepEqual(requests(h), { lists: 2, heads: 0 }, '1,251 listed objects take two pages');
  });

  it('HEADs a handful of keys instead of listing', async () => {
    const h = harness();
    h.server.putObjectDirect(h.bucket, 'few/a.txt', 'a');
    h.logs.length = 0;
    const r = await findExistingByListing(h.bucket, ['few/a.txt', 'few/b.txt'], source(h));
    assert.deepEqual([...r.existing], ['few/a.txt']);
    assert.deepEqual(requests(h), { lists: 0, heads: 2 });
  });

  it('gives way to HEADs when the listing would cost more than HEADing every key', async () => {
    const h = harness();
    // 40 wanted keys spread over 5,000 other objects under the same (empty) common prefix.
    for (let i = 0; i < 5000; i++) h.server.putObjectDirect(h.bucket, `crowd/${String(i).padStart(5, '0')}`, 'x');
    const keys = Array.from({ length: 40 }, (_, i) => `${i % 2 ? 'a' : 'z'}-new-${i}.txt`);
    h.server.putObjectDirect(h.bucket, keys[0], 'there');
    h.server.putObjectDirect(h.bucket, keys[1], 'there');
    h.logs.length = 0;
    const r = await findExistingByListing(h.bucket, keys, source(h), { headsPerPage: 16 });
    assert.deepEqual([...r.existing].sort(), [keys[1], keys[0]].sort());
    const n = requests(h);
    assert.ok(n.lists <= 3, `${n.lists} pages: the listing stops once it costs more than 40 HEADs`);
    assert.ok(n.heads > 0 && n.heads <= 40, `${n.heads} HEADs for the keys the pages left undecided`);
  });

  it('orders keys as the server does (UTF-8 bytes), so keys above U+FFFF are decided correctly', async () => {
    const h = harness();
    // In UTF-16, '😀' (a surrogate pair) sorts before 'ｱ' (U+FF71); in UTF-8 it sorts after.
    const keys = Array.from({ length: 30 }, (_, i) => `u/${i % 3 === 0 ? '😀' : 'ｱ'}${i}`);
    for (const k of keys.filter((_, i) => i % 2 === 0)) h.server.putObjectDirect(h.bucket, k, 'x');
    const r = await findExistingByListing(h.bucket, keys, source(h));
    assert.deepEqual([...r.existing].sort(), keys.filter((_, i) => i % 2 === 0).sort());
  });

  it('honours an abort signal', async () => {
    const h = harness();
    const ac = new AbortController();
    ac.abort();
    const keys = Array.from({ length: 100 }, (_, i) => `site/k${i}`);
    await assert.rejects(findExistingByListing(h.bucket, keys, source(h), { signal: ac.signal }), (e: unknown) => isAbortError(e));
  });

  it('keeps the overwrite rules: existing keys are asked about, new keys forbid overwriting', async () => {
    const h = harness();
    h.server.putObjectDirect(h.bucket, 'rules/b.txt', 'old');
    const items = itemsForEntries('rules/', Array.from({ length: 50 }, (_, i) => ({ file: `/tmp/${i}`, rel: i === 1 ? 'b.txt' : `n${i}.txt`, size: 1 })));
    const existing = await findExistingKeys(h.bucket, items, source(h));
    assert.deepEqual([...existing], ['rules/b.txt']);
    const skip = applyExistingChoice(items, existing, 'skip');
    assert.deepEqual(skip.skipped, ['rules/b.txt']);
    assert.ok(skip.jobs.every((j) => j.forbidOverwrite));
    // A new key that appears meanwhile is still protected: the server refuses the PUT.
    h.server.putObjectDirect(h.bucket, skip.jobs[0].key, 'created meanwhile');
    await assert.rejects(h.client.putObject(h.bucket, skip.jobs[0].key, Buffer.from('mine'), { forbidOverwrite: true }));
    assert.equal((await h.client.getObjectBuffer(h.bucket, skip.jobs[0].key)).body.toString(), 'created meanwhile');
  });
});
