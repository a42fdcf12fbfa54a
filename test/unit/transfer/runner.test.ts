import * as assert from 'assert';
import { batchTotal, runTransferJobs } from '../../../src/core/transfer/runner';

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
});
