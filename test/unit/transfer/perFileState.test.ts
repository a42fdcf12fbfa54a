import * as assert from 'assert';
import * as v8 from 'node:v8';
import { applyExistingChoice, itemsForEntries } from '../../../src/core/transfer/uploadPlan';
import { mapToLocal, resolveClashes } from '../../../src/core/transfer/downloadPlan';
import { TransferRegistry } from '../../../src/core/transfer/registry';

/**
 * A batch of thousands of small files keeps one object per file per planning step. Each must share
 * its hidden class with the others: an object of its own shape costs a map, a descriptor array and a
 * property array (~300 bytes a file, held as long as the job list; `{ ...job, label }` does that in
 * Node 20). Asked of V8 itself with %HaveSameMap.
 */
let haveSameMap: (a: object, b: object) => boolean;

/** How many distinct hidden classes the objects have (comparing neighbours, as they are made alike). */
function shapes(objects: readonly object[]): number {
  let n = objects.length > 0 ? 1 : 0;
  for (let i = 1; i < objects.length; i++) if (!haveSameMap(objects[i - 1], objects[i])) n++;
  return n;
}

const N = 2000;

describe('core/transfer: per-file state of a large batch', () => {
  // V8 parses the function when it is first called: the flag stays on while these tests run.
  before(() => {
    v8.setFlagsFromString('--allow-natives-syntax');
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    haveSameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;
  });
  after(() => v8.setFlagsFromString('--no-allow-natives-syntax'));

  it('the sanity check tells shapes apart', () => {
    assert.strictEqual(shapes([{ a: 1 }, { a: 2 }]), 1);
    assert.strictEqual(shapes([{ a: 1 }, { b: 2 }]), 2);
  });

  it('upload: items and jobs each share one shape, and a new key\'s job is its item', () => {
    const entries = Array.from({ length: N }, (_, i) => ({ file: `/l/site/d${i % 10}/f-${i}.html`, rel: `site/d${i % 10}/f-${i}.html`, size: 1024 + i * 7 }));
    const items = itemsForEntries('docs/', entries);
    const existing = new Set(items.filter((_, i) => i % 3 === 0).map((i) => i.key));
    const { jobs } = applyExistingChoice(items, existing, 'overwrite');
    assert.strictEqual(jobs.length, N);
    assert.strictEqual(shapes(items), 1);
    assert.strictEqual(shapes(jobs), 1);
    // Items of new keys are sent as they are; the existing ones' jobs are copies, of one shape with them.
    assert.strictEqual(jobs[4], items[4]);
    assert.notStrictEqual(jobs[3], items[3]);
    assert.ok(haveSameMap(jobs[3], jobs[4]));
    assert.deepStrictEqual(jobs[4], { file: '/l/site/d4/f-4.html', key: 'docs/site/d4/f-4.html', size: 1052, forbidOverwrite: true });
  });

  it('download: planned and renamed jobs each share one shape', async () => {
    const refs = Array.from({ length: N }, (_, i) => ({ key: `site/d${i % 10}/f-${i}.html`, size: 1024 + i }));
    const { jobs } = mapToLocal('/t', refs.map((r) => ({ ref: r, key: r.key, relativeKey: r.key, size: r.size })));
    assert.strictEqual(jobs.length, N);
    assert.strictEqual(shapes(jobs), 1);
    // Every job clashes with a twin: keep both renames one of each pair.
    const twins = [...jobs, ...jobs.map((j) => ({ ref: j.ref, key: `${j.key}~`, file: j.file, size: j.size }))];
    const clashes = twins.slice(0, N).map((j, i) => ({ kind: 'same-file' as const, file: j.file, jobs: [j, twins[N + i]] }));
    const resolved = await resolveClashes('/t', twins, clashes, 'keepBoth', { caseInsensitive: false });
    assert.strictEqual(resolved.renamed.length, N);
    const renamed = resolved.jobs.filter((j) => j.file.endsWith(' (2).html'));
    assert.strictEqual(renamed.length, N);
    assert.strictEqual(renamed[0].key, `${jobs[0].key}~`);
    assert.strictEqual(shapes(renamed), 1);
  });

  it('the Transfers view: rows of a batch share one shape', () => {
    const reg = new TransferRegistry({ onChange: () => undefined, describeError: String });
    for (let i = 0; i < N; i++) reg.add({ direction: 'up', connectionId: 'c', bucket: 'b', key: `site/f-${i}`, localPath: `/l/f-${i}`, size: i }, () => Promise.resolve());
    const rows = reg.rows();
    assert.strictEqual(rows.length, N);
    assert.strictEqual(shapes(rows), 1);
    reg.dispose();
  });
});
