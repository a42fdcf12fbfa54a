import * as assert from 'assert';
import { runListedJobs, TransferRegistry, type TransferSpec } from '../../../src/core/transfer/registry';

const spec = (key: string, size = 100): TransferSpec => ({ direction: 'up', connectionId: 'c', bucket: 'b', key, size });

function registry(now: () => number = Date.now): { reg: TransferRegistry; changes: (readonly string[] | undefined)[] } {
  const changes: (readonly string[] | undefined)[] = [];
  const reg = new TransferRegistry({ onChange: (ids) => changes.push(ids), describeError: (e) => (e instanceof Error ? e.message : String(e)), now });
  return { reg, changes };
}

describe('core/transfer/registry', () => {
  it('runs a row to done, throttles its progress announcements and smooths the speed', async () => {
    let t = 1000;
    const { reg, changes } = registry(() => t);
    const id = reg.add(spec('a'), async (_signal, loaded) => {
      for (let i = 1; i <= 10; i++) {
        t += 100;
        loaded(i * 10);
      }
      return 'ok';
    });
    assert.deepStrictEqual(reg.summary(), { active: 1, percent: 0, direction: 'up' });
    assert.strictEqual(await reg.start(id), 'ok');
    const row = reg.get(id);
    assert.strictEqual(row?.state, 'done');
    assert.strictEqual(row?.loaded, 100);
    assert.strictEqual(row?.retryable, false);
    // Added, started, then progress at most once per 250 ms of the 1 s run, then done.
    const rowChanges = changes.filter((c) => c !== undefined).length;
    assert.ok(rowChanges >= 4 && rowChanges <= 7, `announcements: ${rowChanges}`);
    assert.deepStrictEqual(reg.summary(), { active: 0, percent: 0, direction: undefined });
  });

  it('reports the speed of the bytes between announcements', async () => {
    let t = 0;
    const { reg } = registry(() => t);
    let speedSeen = 0;
    const id = reg.add(spec('a', 1000), async (_s, loaded) => {
      t += 500;
      loaded(500); // 500 bytes in 0.5 s
      speedSeen = reg.get(id)?.speed ?? -1;
    });
    await reg.start(id);
    assert.strictEqual(speedSeen, 1000);
    assert.strictEqual(reg.get(id)?.speed, 0, 'no speed once finished');
  });

  it('cancel aborts a running row; a failed row keeps its error; Retry runs it again', async () => {
    const { reg } = registry();
    let attempts = 0;
    const id = reg.add(spec('a'), (signal) => {
      attempts++;
      if (attempts === 1) return new Promise((_r, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
      if (attempts === 2) return Promise.reject(new Error('AccessDenied'));
      return Promise.resolve('third');
    });
    const run = reg.start(id);
    assert.strictEqual(reg.get(id)?.state, 'running');
    assert.ok(reg.cancel(id));
    await assert.rejects(run, /aborted/);
    assert.strictEqual(reg.get(id)?.state, 'cancelled');
    assert.strictEqual(reg.get(id)?.retryable, true);
    await assert.rejects(reg.retry(id), /AccessDenied/);
    assert.deepStrictEqual([reg.get(id)?.state, reg.get(id)?.error], ['failed', 'AccessDenied']);
    assert.strictEqual(await reg.retry(id), 'third');
    assert.strictEqual(reg.get(id)?.state, 'done');
    await assert.rejects(reg.retry(id), /only failed or cancelled/);
    assert.strictEqual(reg.cancel(id), false, 'a finished row cannot be cancelled');
  });

  it('Clear Finished removes finished rows only', async () => {
    const { reg } = registry();
    const done = reg.add(spec('done'), async () => undefined);
    await reg.start(done);
    const queued = reg.add(spec('queued'), async () => undefined);
    assert.strictEqual(reg.clearFinished(), 1);
    assert.deepStrictEqual(reg.rows().map((r) => r.id), [queued]);
  });

  it('keeps at most keepFinished finished rows, dropping the oldest finished; active rows always stay', async () => {
    let keep = 2;
    let t = 0;
    const changes: (readonly string[] | undefined)[] = [];
    const reg = new TransferRegistry({ onChange: (ids) => changes.push(ids), describeError: String, now: () => ++t, keepFinished: () => keep });
    const running = reg.add(spec('running'), () => new Promise(() => undefined));
    void reg.start(running);
    const ids: string[] = [];
    for (const k of ['a', 'b', 'c']) {
      const id = reg.add(spec(k), async () => undefined);
      ids.push(id);
      await reg.start(id);
    }
    const failed = reg.add(spec('failed'), async () => {
      throw new Error('boom');
    });
    await assert.rejects(reg.start(failed), /boom/);
    assert.deepStrictEqual(reg.rows().map((r) => [r.key, r.state]), [['running', 'running'], ['c', 'done'], ['failed', 'failed']]);
    assert.ok(changes.includes(undefined), 'the view is told rows went');
    keep = 1;
    const d = reg.add(spec('d'), async () => undefined);
    await reg.start(d);
    assert.deepStrictEqual(reg.rows().map((r) => r.key), ['running', 'd'], 'a lowered cap applies at the next finish');
  });

  it('a listed batch runs jobs without a label, labelled by hooks.label, and keeps void results', async () => {
    const { reg } = registry();
    const jobs = [{ key: 'site/a.txt', size: 1 }, { key: 'site/b.txt', size: 2 }];
    const started: string[] = [];
    const ran: string[] = [];
    const results = await runListedJobs(
      reg,
      jobs,
      async (j) => {
        ran.push(j.key);
      },
      { describe: (j) => spec(j.key, j.size) },
      { onBytes: () => undefined, label: (j) => j.key.slice(5), onJobStart: (l, i) => started.push(`${l} ${i}`) },
    );
    assert.deepStrictEqual(results, [undefined, undefined], 'a job that gives back nothing is still a job that ran');
    assert.deepStrictEqual(ran, ['site/a.txt', 'site/b.txt']);
    assert.deepStrictEqual(started, ['a.txt 0', 'b.txt 1']);
    assert.deepStrictEqual(reg.rows().map((r) => [r.key, r.state]), [['site/a.txt', 'done'], ['site/b.txt', 'done']]);
  });

  it('a listed batch: cancelling one row skips it, a failure cancels the rest, the batch signal cancels all', async () => {
    const { reg } = registry();
    const jobs = ['a', 'b', 'c'].map((label) => ({ label, size: 10 }));
    let ids: string[] = [];
    const results = await runListedJobs(
      reg,
      jobs,
      async (j) => {
        ids = reg.rows().map((r) => r.id);
        if (j.label === 'a') reg.cancel(ids[1]); // b, still queued, is cancelled from the view
        return j.label;
      },
      { describe: (j) => spec(j.label, j.size) },
      { onBytes: () => undefined },
    );
    assert.deepStrictEqual(results, ['a', 'c']);
    assert.deepStrictEqual(reg.rows().map((r) => r.state), ['done', 'cancelled', 'done']);

    reg.clearFinished();
    await assert.rejects(
      runListedJobs(reg, jobs, async (j) => {
        if (j.label === 'b') throw new Error('boom');
        return j.label;
      }, { describe: (j) => spec(j.label) }, { onBytes: () => undefined }),
      /boom/,
    );
    assert.deepStrictEqual(reg.rows().map((r) => [r.key, r.state]), [['a', 'done'], ['b', 'failed'], ['c', 'cancelled']]);

    reg.clearFinished();
    const ac = new AbortController();
    await assert.rejects(
      runListedJobs(reg, jobs, (_j, ctx) => new Promise((_r, reject) => {
        ctx.signal?.addEventListener('abort', () => reject(Object.assign(new Error('stop'), { name: 'AbortError' })));
        ac.abort();
      }), { describe: (j) => spec(j.label) }, { signal: ac.signal, onBytes: () => undefined }),
      (e: Error) => e.name === 'AbortError',
    );
    assert.deepStrictEqual(reg.rows().map((r) => r.state), ['cancelled', 'cancelled', 'cancelled']);
  });

  it('a batch whose every row was cancelled from the view rejects as cancelled', async () => {
    const { reg } = registry();
    await assert.rejects(
      runListedJobs(reg, [{ label: 'a', size: 1 }], (_j, ctx) => new Promise((_r, reject) => {
        ctx.signal?.addEventListener('abort', () => reject(new Error('aborted')));
        reg.cancel(reg.rows()[0].id);
      }), { describe: (j) => spec(j.label) }, { onBytes: () => undefined }),
      (e: Error) => e.name === 'AbortError',
    );
  });

  it('a job of unknown size (0) counts its bytes uncapped, and the size it learns while running sets the row and the batch total', async () => {
    const { reg } = registry();
    const totals: number[] = [];
    const bytes: number[] = [];
    const seen: Array<[number, number]> = [];
    const [r] = await runListedJobs(
      reg,
      [{ label: 'dl', size: 0 }],
      async (_j, ctx) => {
        ctx.loaded(300);
        seen.push([reg.rows()[0].size, reg.rows()[0].loaded]);
        assert.deepStrictEqual(reg.summary().percent, 0, 'no share in the percent while its size is unknown');
        ctx.size?.(1000);
        ctx.loaded(600);
        seen.push([reg.rows()[0].size, reg.rows()[0].loaded]);
        ctx.loaded(5000);
        seen.push([reg.rows()[0].size, reg.rows()[0].loaded]);
        return 'ok';
      },
      { describe: (j) => spec(j.label, j.size) },
      { onBytes: (n) => bytes.push(n), onTotal: (t) => totals.push(t) },
    );
    assert.strictEqual(r, 'ok');
    assert.deepStrictEqual(seen, [[0, 300], [1000, 600], [1000, 1000]], 'uncapped while unknown, capped by the size learnt');
    assert.deepStrictEqual(totals, [1000]);
    assert.deepStrictEqual(bytes, [300, 600, 1000, 1000], 'the last again as the job ends');
    const [row] = reg.rows();
    assert.deepStrictEqual([row.state, row.size, row.loaded], ['done', 1000, 1000]);
  });

  it('a job that never learns its size ends with the bytes it moved', async () => {
    const { reg } = registry();
    const bytes: number[] = [];
    await runListedJobs(reg, [{ label: 'dl', size: 0 }], async (_j, ctx) => ctx.loaded(42), { describe: (j) => spec(j.label, j.size) }, { onBytes: (n) => bytes.push(n) });
    const [row] = reg.rows();
    assert.deepStrictEqual([row.state, row.size, row.loaded], ['done', 0, 42]);
    assert.deepStrictEqual(bytes, [42, 42], 'the last again as the job ends');
  });
});
