import * as assert from 'assert';
import { SMALL_JOB_BYTES, batchTotal, runTransferJobs } from '../../../src/core/transfer/runner';

describe('core/transfer/runner', () => {
  const jobs = [
    { label: 'a', size: 10 },
    { label: 'b', size: 0 },
    { label: 'c', size: 5 },
  ];

  it('reports a running byte total across jobs, raw and in order', async () => {
    const events: string[] = [];
    const results = await runTransferJobs(
      jobs,
      async (j, ctx) => {
        if (j.label === 'a') [3, 3, 7, 10].forEach((n) => ctx.loaded(n));
        if (j.label === 'c') [2, 99].forEach((n) => ctx.loaded(n));
        return j.label.toUpperCase();
      },
      { onJobStart: (l, i) => events.push(`start ${l} ${i}`), onBytes: (n) => events.push(String(n)) },
    );
    assert.deepStrictEqual(results, ['A', 'B', 'C']);
    // Repeats are passed on only at job ends; a job never counts more than its size.
    assert.deepStrictEqual(events, ['start a 0', '3', '7', '10', '10', 'start b 1', '10', 'start c 2', '12', '15', '15']);
    assert.strictEqual(batchTotal(jobs), 15);
  });

  it('stops before the next job once the signal is aborted, and on the first failure', async () => {
    const ac = new AbortController();
    const ran: string[] = [];
    await assert.rejects(
      runTransferJobs(
        jobs,
        async (j) => {
          ran.push(j.label);
          ac.abort();
        },
        { signal: ac.signal, onBytes: () => undefined },
      ),
      (e: Error) => e.name === 'AbortError',
    );
    assert.deepStrictEqual(ran, ['a']);

    const ran2: string[] = [];
    await assert.rejects(
      runTransferJobs(
        jobs,
        async (j) => {
          ran2.push(j.label);
          if (j.label === 'b') throw new Error('boom');
        },
        { onBytes: () => undefined },
      ),
      /boom/,
    );
    assert.deepStrictEqual(ran2, ['a', 'b']);
  });

  const tick = (ms = 1): Promise<void> => new Promise((r) => setTimeout(r, ms));

  it('runs up to `concurrency` small jobs at once, a large one alone, results in job order', async () => {
    const big = SMALL_JOB_BYTES + 1;
    const batch = [1, 2, 3, 4, 5, 6, big, 7, 8].map((size, i) => ({ label: `j${i}`, size }));
    let now = 0;
    const seen: number[][] = []; // the jobs running whenever one starts
    const running = new Set<number>();
    const progress: number[] = [];
    const results = await runTransferJobs(
      batch,
      async (j, ctx) => {
        const i = Number(j.label.slice(1));
        running.add(i);
        seen.push([...running].sort());
        now = Math.max(now, running.size);
        ctx.loaded(j.size / 2);
        await tick(5 + (i % 3) * 3);
        ctx.loaded(j.size);
        running.delete(i);
        return i;
      },
      { onBytes: (n) => progress.push(n), concurrency: 3 },
    );
    assert.deepStrictEqual(results, [0, 1, 2, 3, 4, 5, 6, 7, 8]);
    assert.strictEqual(now, 3, 'three at a time, never more');
    const bigStart = seen.find((s) => s.includes(6));
    assert.deepStrictEqual(bigStart, [6], 'the large job started alone');
    assert.ok(seen.every((s) => !s.includes(6) || s.length === 1), 'nothing ran beside the large job');
    for (let k = 1; k < progress.length; k++) assert.ok(progress[k] >= progress[k - 1], `progress never goes back (${progress.join(',')})`);
    assert.strictEqual(progress[progress.length - 1], batchTotal(batch));
  });

  it('with concurrency, starts nothing after a failure, lets the running jobs end, then throws it', async () => {
    const batch = Array.from({ length: 10 }, (_, i) => ({ label: `j${i}`, size: 1 }));
    const started: number[] = [];
    const ended: number[] = [];
    await assert.rejects(
      runTransferJobs(
        batch,
        async (j) => {
          const i = Number(j.label.slice(1));
          started.push(i);
          if (i === 1) throw new Error('boom');
          await tick(10);
          ended.push(i);
        },
        { onBytes: () => undefined, concurrency: 3 },
      ),
      /boom/,
    );
    assert.deepStrictEqual(started, [0, 1, 2]);
    assert.deepStrictEqual(ended.sort(), [0, 2], 'the jobs already running finished');
  });

  it('labels each job as it starts with hooks.label, and gives run its index', async () => {
    const unlabelled = [{ key: 'site/a.txt', size: 1 }, { key: 'site/sub/b.txt', size: 2 }, { key: 'c.txt', size: 3 }];
    const events: string[] = [];
    const asked: string[] = [];
    const results = await runTransferJobs(
      unlabelled,
      async (j, _ctx, index) => {
        events.push(`run ${index} ${j.key}`);
        return index;
      },
      {
        label: (j) => {
          asked.push(j.key);
          return j.key.slice(j.key.lastIndexOf('/') + 1);
        },
        onJobStart: (l, i) => events.push(`start ${l} ${i}`),
        onBytes: () => undefined,
      },
    );
    assert.deepStrictEqual(results, [0, 1, 2]);
    assert.deepStrictEqual(events, ['start a.txt 0', 'run 0 site/a.txt', 'start b.txt 1', 'run 1 site/sub/b.txt', 'start c.txt 2', 'run 2 c.txt']);
    assert.deepStrictEqual(asked, ['site/a.txt', 'site/sub/b.txt', 'c.txt'], 'asked once per job, as it starts');
    // Without the hook a job's own label is used, and a job without one starts as ''.
    const started: string[] = [];
    await runTransferJobs([{ label: 'own', size: 1 }, { size: 1 }], async () => undefined, { onJobStart: (l) => started.push(l), onBytes: () => undefined });
    assert.deepStrictEqual(started, ['own', '']);
  });
});
