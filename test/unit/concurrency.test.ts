import * as assert from 'node:assert/strict';
import { mapLimit } from '../../src/core/concurrency';
import { isAbortError } from '../../src/core/client/errors';

interface Deferred<T> {
  promise: Promise<T>;
  resolve(v: T): void;
  reject(e: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets pending promise callbacks run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}

/** A fn whose calls stay pending until the test resolves them; records what was started. */
function controlled<R>() {
  const calls: { index: number; d: Deferred<R> }[] = [];
  let active = 0;
  let maxActive = 0;
  const fn = async (_item: unknown, index: number): Promise<R> => {
    const d = deferred<R>();
    calls.push({ index, d });
    active++;
    maxActive = Math.max(maxActive, active);
    try {
      return await d.promise;
    } finally {
      active--;
    }
  };
  return { fn, calls, stats: () => ({ active, maxActive }) };
}

describe('core/concurrency: mapLimit', () => {
  it('never has more than `limit` calls in flight, and uses all of them', async () => {
    const c = controlled<number>();
    const run = mapLimit([1, 2, 3, 4, 5, 6, 7], 3, c.fn);
    await settle();
    assert.equal(c.calls.length, 3);
    let resolved = 0;
    while (resolved < c.calls.length) {
      const batch = c.calls.slice(resolved);
      resolved = c.calls.length;
      for (const p of batch) p.d.resolve(p.index * 10);
      await settle();
      assert.ok(c.stats().active <= 3);
    }
    assert.deepEqual(await run, [0, 10, 20, 30, 40, 50, 60]);
    assert.equal(c.stats().maxActive, 3);
  });

  it('returns results in item order even when calls finish in reverse order', async () => {
    const c = controlled<string>();
    const run = mapLimit(['a', 'b', 'c'], 10, c.fn);
    await settle();
    assert.equal(c.calls.length, 3);
    for (const x of [...c.calls].reverse()) {
      x.d.resolve(`r${x.index}`);
      await settle();
    }
    assert.deepEqual(await run, ['r0', 'r1', 'r2']);
  });

  it('handles an empty list and odd limits', async () => {
    assert.deepEqual(await mapLimit([], 4, async () => 1), []);
    assert.deepEqual(await mapLimit([1, 2], 0, async (x) => x * 2), [2, 4]);
    assert.deepEqual(await mapLimit([1, 2], Infinity, async (x) => x + 1), [2, 3]);
  });

  it('the first error stops new work; it rejects with that error after the calls in flight settle', async () => {
    const c = controlled<number>();
    let rejected: unknown;
    const run = mapLimit([0, 1, 2, 3, 4], 2, c.fn).catch((e: unknown) => {
      rejected = e;
    });
    await settle();
    assert.equal(c.calls.length, 2);
    const boom = new Error('boom');
    c.calls[0].d.reject(boom);
    await settle();
    assert.equal(c.calls.length, 2, 'no new call after the failure');
    assert.equal(rejected, undefined, 'still waiting for the call in flight');
    c.calls[1].d.reject(new Error('second'));
    await run;
    assert.equal(rejected, boom);
  });

  it('with stopOnError: false, every item runs and the first error is reported', async () => {
    const seen: number[] = [];
    const first = new Error('first');
    await assert.rejects(
      mapLimit([0, 1, 2, 3], 1, async (x) => {
        seen.push(x);
        if (x === 1) throw first;
        if (x === 2) throw new Error('later');
        return x;
      }, { stopOnError: false }),
      (e: unknown) => e === first,
    );
    assert.deepEqual(seen, [0, 1, 2, 3]);
  });

  it('an abort starts no new item and rejects with an AbortError', async () => {
    const ac = new AbortController();
    const c = controlled<number>();
    let rejected: unknown;
    const run = mapLimit([0, 1, 2, 3], 1, c.fn, { signal: ac.signal }).catch((e: unknown) => {
      rejected = e;
    });
    await settle();
    ac.abort();
    c.calls[0].d.resolve(0);
    await run;
    assert.equal(c.calls.length, 1);
    assert.ok(isAbortError(rejected), `got ${String(rejected)}`);
  });

  it('an already aborted signal calls nothing', async () => {
    const ac = new AbortController();
    ac.abort();
    let called = 0;
    await assert.rejects(mapLimit([1], 1, async () => ++called, { signal: ac.signal }), (e: unknown) => isAbortError(e));
    assert.equal(called, 0);
  });
});
