import * as assert from 'assert';
import { applyExistingChoice, duplicateKeys, firstKeyProblem, itemsForEntries } from '../../../src/core/transfer/uploadPlan';

describe('core/transfer/uploadPlan', () => {
  const items = itemsForEntries('docs/', [
    { file: '/l/site/a.txt', rel: 'site/a.txt', size: 1 },
    { file: '/l/site/sub/b.txt', rel: 'site/sub/b.txt', size: 2 },
    { file: '/l/c.txt', rel: 'c.txt', size: 3 },
  ]);

  it('builds keys below the prefix and finds refused and duplicate keys', () => {
    assert.deepStrictEqual(items.map((i) => i.key), ['docs/site/a.txt', 'docs/site/sub/b.txt', 'docs/c.txt']);
    assert.strictEqual(firstKeyProblem(items, () => undefined), undefined);
    const bad = firstKeyProblem(items, (k) => (k.includes('sub') ? 'too deep' : undefined));
    assert.deepStrictEqual(bad, { item: items[1], problem: 'too deep' });
    const two = itemsForEntries('', [
      { file: '/x/readme.md', rel: 'readme.md', size: 1 },
      { file: '/y/readme.md', rel: 'readme.md', size: 1 },
    ]);
    assert.deepStrictEqual(duplicateKeys(two), ['readme.md']);
    assert.deepStrictEqual(duplicateKeys(items), []);
  });

  it('overwrites or skips existing keys; new keys always forbid overwriting', () => {
    const existing = new Set(['docs/c.txt']);
    const skip = applyExistingChoice(items, existing, 'skip');
    assert.deepStrictEqual(skip.skipped, ['docs/c.txt']);
    assert.deepStrictEqual(skip.jobs.map((j) => [j.key, j.forbidOverwrite]), [['docs/site/a.txt', true], ['docs/site/sub/b.txt', true]]);
    const ow = applyExistingChoice(items, existing, 'overwrite');
    assert.deepStrictEqual(ow.skipped, []);
    assert.deepStrictEqual(ow.jobs.map((j) => j.forbidOverwrite), [true, true, false]);
  });

  it('sends new keys as the items themselves, copies the rest and never changes an item', () => {
    const existing = new Set(['docs/c.txt']);
    const ow = applyExistingChoice(items, existing, 'overwrite');
    assert.strictEqual(ow.jobs[0], items[0], 'a new key: no second object for the batch to hold');
    assert.strictEqual(ow.jobs[1], items[1]);
    assert.notStrictEqual(ow.jobs[2], items[2]);
    assert.deepStrictEqual(ow.jobs[2], { file: '/l/c.txt', key: 'docs/c.txt', size: 3, forbidOverwrite: false });
    assert.strictEqual(items[2].forbidOverwrite, true, 'the item still says what a new key would');
    // An item made elsewhere (an untitled editor's) has no forbidOverwrite: its job is a copy that has.
    const plain = { file: '', key: 'docs/untitled.txt', size: 5 };
    const [job] = applyExistingChoice([plain], new Set(), 'skip').jobs;
    assert.notStrictEqual(job, plain);
    assert.deepStrictEqual(job, { ...plain, forbidOverwrite: true });
    assert.deepStrictEqual(plain, { file: '', key: 'docs/untitled.txt', size: 5 });
  });
});
