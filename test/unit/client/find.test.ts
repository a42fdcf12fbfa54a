/** Find Objects in core: matching, streaming, parallel prefixes, limit and abort, against the local OSS server. */
import * as assert from 'node:assert/strict';
import { findObjects, globToRegExp, isAbortError, keyMatcher, type FindOptions, type ListObjectsParams } from '../../../src/core/client';
import type { ObjectLister } from '../../../src/core/client/list';
import { useHarness, type Harness } from './helpers';

/** The real client, with the listings it was asked for and the most it had in flight at once. */
function watched(h: Harness): { lister: ObjectLister; calls: ListObjectsParams[]; most: () => number } {
  const calls: ListObjectsParams[] = [];
  let now = 0;
  let most = 0;
  const lister: ObjectLister = {
    async listObjects(p) {
      calls.push(p);
      most = Math.max(most, ++now);
      try {
        return await h.client.listObjects(p);
      } finally {
        now--;
      }
    },
  };
  return { lister, calls, most: () => most };
}

async function collect(lister: ObjectLister, opts: FindOptions): Promise<string[]> {
  const out: string[] = [];
  for await (const o of findObjects(lister, opts)) out.push(o.key);
  return out.sort();
}

describe('core/client/find: Find Objects', function () {
  this.timeout(60_000);
  const harness = useHarness();
  const all: string[] = [];

  before(() => {
    const h = harness();
    const add = (k: string): void => {
      h.server.putObjectDirect(h.bucket, k, 'x');
      all.push(k);
    };
    for (let d = 0; d < 12; d++) {
      for (let i = 0; i < 150; i++) add(`site/d${d}/page-${i}.${i % 3 ? 'html' : 'png'}`);
      add(`site/d${d}/img/Logo ${d}.PNG`);
    }
    add('site/readme.md');
    add('site/folder-marker/');
    add('other/page-1.html');
    add('deep/only/one/a/x.txt');
    add('deep/only/one/b/y.txt');
  });

  it('matches substrings anywhere below the folder and globs on the name or the whole path', () => {
    assert.ok(keyMatcher('LOGO')('d1/img/logo 1.png'), 'substrings ignore case');
    assert.ok(!keyMatcher('LOGO', true)('d1/img/logo 1.png'));
    assert.ok(keyMatcher('*.png')('d1/img/a.png'), 'a glob without / matches the name at any depth');
    assert.ok(!keyMatcher('*.png')('d1/img/a.png.txt'));
    assert.ok(keyMatcher('img/*.png')('img/a.png'));
    assert.ok(!keyMatcher('img/*.png')('d1/img/a.png'), 'a glob with / matches the whole path below the folder');
    assert.ok(keyMatcher('**/img/*.png')('d1/img/a.png'));
    assert.ok(keyMatcher('**/img/*.png')('img/a.png'), '**/ also matches no folder');
    assert.ok(keyMatcher('d?/**')('d1/img/a.png'));
    assert.ok(!keyMatcher('d?/**')('d12/a'));
    assert.ok(globToRegExp('a+(b).[c]').test('a+(b).[c]'), 'regex characters are literal');
  });

  it('streams every match below the folder, the same as filtering a full listing', async () => {
    const h = harness();
    const { lister, calls, most } = watched(h);
    const got = await collect(lister, { bucket: h.bucket, prefix: 'site/', pattern: 'page-1' });
    const expected = all.filter((k) => k.startsWith('site/') && !k.endsWith('/') && k.slice(5).toLowerCase().includes('page-1')).sort();
    assert.deepEqual(got, expected);
    assert.ok(expected.length > 100);
    assert.equal(calls[0].delimiter, '/', 'the top level is listed with a delimiter');
    assert.ok(calls.slice(1).every((c) => !c.delimiter && c.maxKeys === 1000), 'each prefix without one');
    assert.ok(most() > 1, 'several prefixes are listed at once');
    assert.ok(most() <= 4, `at most 4 in flight (saw ${most()})`);
  });

  it('finds by glob across the whole bucket (folder markers are not results)', async () => {
    const h = harness();
    const got = await collect(h.client, { bucket: h.bucket, prefix: '', pattern: '*.png' });
    assert.deepEqual(got, all.filter((k) => /\.png$/i.test(k)).sort());
    assert.deepEqual(await collect(h.client, { bucket: h.bucket, prefix: '', pattern: 'folder-marker' }), []);
    assert.deepEqual(await collect(h.client, { bucket: h.bucket, prefix: 'site/', pattern: 'readme.md', caseSensitive: true }), ['site/readme.md']);
  });

  it('follows a folder holding a single subfolder down before listing its parts in parallel', async () => {
    const h = harness();
    const { lister, calls } = watched(h);
    assert.deepEqual(await collect(lister, { bucket: h.bucket, prefix: 'deep/', pattern: '.txt' }), ['deep/only/one/a/x.txt', 'deep/only/one/b/y.txt']);
    assert.deepEqual(calls.map((c) => `${c.prefix}|${c.delimiter ?? ''}`), ['deep/|/', 'deep/only/|/', 'deep/only/one/|/', 'deep/only/one/a/|', 'deep/only/one/b/|']);
  });

  it('stops at the limit without listing the rest', async () => {
    const h = harness();
    const { lister, calls } = watched(h);
    const got = await collect(lister, { bucket: h.bucket, prefix: 'site/', pattern: '.html', limit: 5, parallel: 2 });
    assert.equal(got.length, 5);
    assert.ok(calls.length <= 4, `${calls.length} listings for 5 matches`);
  });

  it('honours an abort signal between pages and reports progress', async () => {
    const h = harness();
    const ac = new AbortController();
    const progress: number[] = [];
    let n = 0;
    await assert.rejects(
      (async () => {
        for await (const _ of findObjects(h.client, { bucket: h.bucket, prefix: '', pattern: 'page', signal: ac.signal, onProgress: (p) => progress.push(p.scanned) })) {
          if (++n === 3) ac.abort();
        }
      })(),
      (e: unknown) => isAbortError(e),
    );
    assert.ok(n >= 3 && n < 1000, `${n} matches before the abort took effect`);
    const pre = new AbortController();
    pre.abort();
    await assert.rejects(collect(h.client, { bucket: h.bucket, prefix: '', pattern: 'x', signal: pre.signal }), (e: unknown) => isAbortError(e));
    const done: number[] = [];
    await collect(h.client, { bucket: h.bucket, prefix: 'other/', pattern: 'nothing-like-this', onProgress: (p) => done.push(p.scanned) });
    assert.ok(done.length > 0 && done[done.length - 1] === 1, 'progress counts the keys looked at, even without matches');
  });
});
