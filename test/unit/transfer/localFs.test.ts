import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { directoryProbe, isCaseInsensitiveAt, probeLocal } from '../../../src/core/transfer/localFs';
import { findLocalConflicts, type PlannedDownload } from '../../../src/core/transfer/downloadPlan';

describe('core/transfer/localFs', () => {
  let tmp: string;
  before(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'oss-localfs-'))));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('tells files, folders and nothing apart (a symlink is not followed)', async () => {
    fs.writeFileSync(path.join(tmp, 'f'), 'x');
    fs.mkdirSync(path.join(tmp, 'd'));
    fs.symlinkSync(path.join(tmp, 'd'), path.join(tmp, 'link'));
    assert.strictEqual(await probeLocal(path.join(tmp, 'f')), 'file');
    assert.strictEqual(await probeLocal(path.join(tmp, 'd')), 'dir');
    assert.strictEqual(await probeLocal(path.join(tmp, 'link')), 'file');
    assert.strictEqual(await probeLocal(path.join(tmp, 'missing')), 'none');
  });

  it('directoryProbe answers like probeLocal from one readdir per folder', async () => {
    const root = path.join(tmp, 'dl');
    fs.mkdirSync(path.join(root, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(root, 'a.txt'), 'x');
    fs.writeFileSync(path.join(root, 'sub', 'b.txt'), 'x');
    fs.writeFileSync(path.join(root, 'plain'), 'a file where a folder would be');
    fs.symlinkSync(path.join(root, 'sub'), path.join(root, 'link'));
    const probe = directoryProbe({ caseInsensitive: false });
    const names = ['a.txt', 'sub', 'sub/b.txt', 'sub/c.txt', 'link', 'missing/x', 'plain/x', 'A.TXT'];
    for (const n of names) {
      const f = path.join(root, ...n.split('/'));
      assert.strictEqual(await probe(f), await probeLocal(f), n);
    }
    assert.strictEqual(await directoryProbe({ caseInsensitive: true })(path.join(root, 'A.TXT')), 'file', 'folded names match where the disk ignores case');
  });

  it('download planning over directoryProbe still finds existing and blocked files', async () => {
    const root = path.join(tmp, 'plan');
    fs.mkdirSync(path.join(root, 'docs', 'x.md'), { recursive: true });
    fs.writeFileSync(path.join(root, 'docs', 'old.md'), 'keep me');
    fs.writeFileSync(path.join(root, 'img'), 'a file');
    const job = (key: string): PlannedDownload<string> => ({ ref: key, key, size: 1, file: path.join(root, ...key.split('/')) });
    const jobs = ['docs/old.md', 'docs/new.md', 'docs/x.md', 'img/a.png', ...Array.from({ length: 200 }, (_, i) => `docs/n${i}.md`)].map(job);
    const r = await findLocalConflicts(root, jobs, directoryProbe({ caseInsensitive: false }));
    assert.deepStrictEqual(r.existing.map((j) => j.key), ['docs/old.md']);
    assert.deepStrictEqual(r.blocked.map((b) => b.key), ['docs/x.md', 'img/a.png']);
  });

  it('probes case sensitivity without writing: Abc and aBC as two folders mean case-sensitive', async function () {
    const a = path.join(tmp, 'Abc');
    fs.mkdirSync(a);
    let twoFolders = true;
    try {
      fs.mkdirSync(path.join(tmp, 'aBC'));
    } catch {
      twoFolders = false;
    }
    if (!twoFolders) this.skip();
    const before = fs.readdirSync(a);
    assert.strictEqual(await isCaseInsensitiveAt(a, 'win32'), false, 'the probe wins over the platform default');
    assert.deepStrictEqual(fs.readdirSync(a), before);
    // No letters anywhere to probe with: the platform default.
    assert.strictEqual(await isCaseInsensitiveAt('/', 'win32'), true);
    assert.strictEqual(await isCaseInsensitiveAt('/', 'linux'), false);
  });
});
