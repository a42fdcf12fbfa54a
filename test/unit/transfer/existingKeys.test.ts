/** Which upload keys exist, by listing where that is cheaper than HEADs: against the local OSS server. */
import * as assert from 'node:assert/strict';
import { isAbortError } from '../../../src/core/client';
import { commonPrefix, findExistingByListing, type ExistenceSource } from '../../../src/core/transfer/existingKeys';
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
