import * as assert from 'assert';
import { findClashes, findLocalConflicts, mapToLocal, numberedName, resolveClashes, type DownloadCandidate, type LocalKind } from '../../../src/core/transfer/downloadPlan';

function cand(key: string, relativeKey = key.slice(key.lastIndexOf('/') + 1), size = 1): DownloadCandidate<string> {
  return { ref: key, key, relativeKey, size };
}

describe('core/transfer/downloadPlan', () => {
  it('maps every key through localPathForKey and rejects the unsafe ones', () => {
    const r = mapToLocal('C:\\dl', [cand('docs/a.txt'), cand('docs/..\\..\\AppData\\x.bat'), cand('f/CON.txt'), cand('site/x/..', 'site/x/..'), cand('site/ok.txt', 'site/ok.txt')], {
      platform: 'win32',
    });
    assert.deepStrictEqual(r.jobs.map((j) => j.file), ['C:\\dl\\a.txt', 'C:\\dl\\site\\ok.txt']);
    assert.deepStrictEqual(r.rejected.map((x) => x.key), ['docs/..\\..\\AppData\\x.bat', 'f/CON.txt', 'site/x/..']);
    assert.ok(r.rejected.every((x) => x.reason.length > 0));
  });
});

describe('core/transfer/downloadPlan clashes', () => {
  const posix = { platform: 'linux' as const };
  const plan = (cands: DownloadCandidate<string>[], platform: NodeJS.Platform = 'linux') => mapToLocal(platform === 'win32' ? 'C:\\dl' : '/dl', cands, { platform }).jobs;

  it('finds objects that would be saved as the same file (multi-select, two folders named data, case)', () => {
    const jobs = plan([cand('x/readme.md'), cand('y/readme.md'), cand('z/other.md'), cand('p/data/a.txt', 'data/a.txt'), cand('q/data/a.txt', 'data/a.txt')]);
    const clashes = findClashes('/dl', jobs, { ...posix, caseInsensitive: false });
    assert.deepStrictEqual(
      clashes.map((c) => [c.kind, c.file, c.jobs.map((j) => j.key)]),
      [
        ['same-file', '/dl/readme.md', ['x/readme.md', 'y/readme.md']],
        ['same-file', '/dl/data/a.txt', ['p/data/a.txt', 'q/data/a.txt']],
      ],
    );
    const cased = plan([cand('A.txt'), cand('a.txt')]);
    assert.deepStrictEqual(findClashes('/dl', cased, { ...posix, caseInsensitive: false }), []);
    assert.strictEqual(findClashes('/dl', cased, { ...posix, caseInsensitive: true }).length, 1);
    const win = plan([cand('A.txt'), cand('a.txt')], 'win32');
    assert.strictEqual(findClashes('C:\\dl', win, { platform: 'win32', caseInsensitive: true })[0].jobs.length, 2);
    // Unicode normalisation: "é" precomposed and decomposed are one name where case is ignored.
    const nfc = plan([cand('caf\u00e9.txt'), cand('cafe\u0301.txt')]);
    assert.strictEqual(findClashes('/dl', nfc, { ...posix, caseInsensitive: true }).length, 1);
  });

  it('finds a key that would be a file where another needs a folder (c/x and c/x/y), also across case', () => {
    const jobs = plan([cand('c/x', 'c/x'), cand('c/x/y', 'c/x/y'), cand('c/X', 'c/X')]);
    const strict = findClashes('/dl', jobs, { ...posix, caseInsensitive: false });
    assert.deepStrictEqual(strict.map((c) => [c.kind, c.jobs.map((j) => j.key)]), [['file-vs-folder', ['c/x']]]);
    const loose = findClashes('/dl', jobs, { ...posix, caseInsensitive: true });
    assert.deepStrictEqual(loose.map((c) => [c.kind, c.jobs.map((j) => j.key)]), [
      ['same-file', ['c/x', 'c/X']],
      ['file-vs-folder', ['c/x']],
      ['file-vs-folder', ['c/X']],
    ]);
  });

  it('keeps both under numbered names that clash with nothing planned or existing, or skips the later ones', async () => {
    const jobs = plan([cand('x/readme.md'), cand('y/readme.md'), cand('z/readme.md'), cand('w/readme (3).md'), cand('c/x', 'c/x'), cand('c/x/y', 'c/x/y'), cand('k/.bashrc'), cand('l/.bashrc')]);
    const clashes = findClashes('/dl', jobs, { ...posix, caseInsensitive: false });
    const existing = new Set(['/dl/readme (2).md']);
    const both = await resolveClashes('/dl', jobs, clashes, 'keepBoth', { ...posix, caseInsensitive: false, isTaken: async (f) => existing.has(f) });
    assert.deepStrictEqual(both.skipped, []);
    assert.deepStrictEqual(both.renamed, [
      { key: 'y/readme.md', file: '/dl/readme (4).md' },
      { key: 'z/readme.md', file: '/dl/readme (5).md' },
      { key: 'c/x', file: '/dl/c/x (2)' },
      { key: 'l/.bashrc', file: '/dl/.bashrc (2)' },
    ]);
    assert.strictEqual(findClashes('/dl', both.jobs, { ...posix, caseInsensitive: false }).length, 0, 'nothing clashes afterwards');
    assert.strictEqual(both.jobs.length, jobs.length);

    const skip = await resolveClashes('/dl', jobs, clashes, 'skip', { ...posix, caseInsensitive: false });
    assert.deepStrictEqual(skip.skipped, ['y/readme.md', 'z/readme.md', 'c/x', 'l/.bashrc']);
    assert.deepStrictEqual(skip.jobs.map((j) => j.key), ['x/readme.md', 'w/readme (3).md', 'c/x/y', 'k/.bashrc']);
  });

  it('numbers names on Windows paths too', () => {
    assert.strictEqual(numberedName('C:\\dl\\v1.0\\readme', 2, { platform: 'win32' }), 'C:\\dl\\v1.0\\readme (2)');
    assert.strictEqual(numberedName('/dl/a.tar.gz', 3, posix), '/dl/a.tar (3).gz');
  });

  it('finds existing local files, and objects blocked by a local folder or a file where a folder is needed', async () => {
    const jobs = plan([cand('a.txt'), cand('b.txt'), cand('sub/c.txt', 'sub/c.txt'), cand('d/e/f.txt', 'd/e/f.txt'), cand('new.txt')]);
    const disk: Record<string, LocalKind> = { '/dl/a.txt': 'file', '/dl/b.txt': 'dir', '/dl/sub': 'file', '/dl/d': 'dir' };
    const probed: string[] = [];
    const r = await findLocalConflicts('/dl', jobs, async (f) => (probed.push(f), disk[f] ?? 'none'), posix);
    assert.deepStrictEqual(r.existing.map((j) => j.key), ['a.txt']);
    assert.deepStrictEqual(r.blocked.map((b) => b.key), ['b.txt', 'sub/c.txt']);
    assert.ok(!probed.includes('/dl'), 'the target folder itself is not questioned');
    assert.strictEqual(new Set(probed).size, probed.length, 'each path probed once');
  });
});
