import * as assert from 'assert';
import { PagedLoader, type Page } from '../../../src/tree/childLoader';

function pager(pages: string[][], calls: (string | undefined)[]): (token?: string) => Promise<Page<string>> {
  return async (token) => {
    calls.push(token);
    await new Promise((r) => setTimeout(r, 5));
    const i = token ? Number(token) : 0;
    return { items: pages[i], truncated: i < pages.length - 1, nextToken: i < pages.length - 1 ? String(i + 1) : undefined };
  };
}

describe('tree/childLoader PagedLoader', () => {
  it('loads the first page once (concurrent callers share it) and appends next pages', async () => {
    const calls: (string | undefined)[] = [];
    const l = new PagedLoader(pager([['a', 'b'], ['c'], ['d']], calls));
    await Promise.all([l.ensureLoaded(), l.ensureLoaded(), l.ensureLoaded()]);
    assert.deepStrictEqual(calls, [undefined]);
    assert.deepStrictEqual(l.children, ['a', 'b']);
    assert.ok(l.hasMore);
    await Promise.all([l.loadNext(), l.loadNext()]);
    assert.deepStrictEqual(calls, [undefined, '1']);
    await l.loadNext();
    assert.deepStrictEqual(l.children, ['a', 'b', 'c', 'd']);
    assert.ok(!l.hasMore);
    await l.loadNext();
    assert.strictEqual(calls.length, 3, 'no request after the last page');
    await l.ensureLoaded();
    assert.strictEqual(calls.length, 3, 'cached');
  });

  it('keeps the error, and reset() discards a load in flight', async () => {
    let fail = true;
    const l = new PagedLoader<string>(async () => {
      if (fail) throw new Error('boom');
      return { items: ['x'], truncated: false };
    });
    await assert.rejects(l.ensureLoaded(), /boom/);
    assert.ok(l.error instanceof Error);
    await l.ensureLoaded(); // does not retry by itself
    assert.deepStrictEqual(l.children, []);
    fail = false;
    l.reset();
    await l.ensureLoaded();
    assert.deepStrictEqual(l.children, ['x']);

    const calls: (string | undefined)[] = [];
    const slow = new PagedLoader(pager([['old']], calls));
    const inflight = slow.ensureLoaded();
    slow.reset();
    await inflight;
    assert.deepStrictEqual(slow.children, [], 'a result of a reset generation is dropped');
    assert.ok(!slow.loaded);
  });
});
