import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { isCaseInsensitiveAt, probeLocal } from '../../../src/core/transfer/localFs';

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
