import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { walkFolder, type WalkResult } from '../../../src/core/transfer/localWalk';

function rels(r: WalkResult): string[] {
  return r.files.map((f) => f.rel);
}
function skips(r: WalkResult, root: string): string[] {
  return r.skipped.map((s) => `${path.relative(root, s.path)}:${s.reason}`).sort();
}

describe('core/transfer/localWalk (real symlinks in a temp folder)', () => {
  let tmp: string;
  let site: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'oss-walk-'));
    site = path.join(tmp, 'site');
    fs.mkdirSync(path.join(site, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(site, 'index.html'), '<h1>x</h1>');
    fs.writeFileSync(path.join(site, 'sub', 'b.txt'), 'b');
    fs.mkdirSync(path.join(tmp, 'outside'));
    fs.writeFileSync(path.join(tmp, 'outside', 'secret.txt'), 'secret');
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('walks plain folders with keys below the folder name', async () => {
    const r = await walkFolder(site, 'site/');
    assert.deepStrictEqual(rels(r), ['site/index.html', 'site/sub/b.txt']);
    assert.deepStrictEqual(r.files.map((f) => f.size), [10, 1]);
    assert.deepStrictEqual(r.skipped, []);
  });

  it('skips every symlink by default, and reports them', async () => {
    fs.symlinkSync(path.join(tmp, 'outside'), path.join(site, 'out-dir'));
    fs.symlinkSync(path.join(tmp, 'outside', 'secret.txt'), path.join(site, 'secret.txt'));
    fs.symlinkSync(path.join(site, 'sub', 'b.txt'), path.join(site, 'b-link.txt'));
    const r = await walkFolder(site, 'site/');
    assert.deepStrictEqual(rels(r), ['site/index.html', 'site/sub/b.txt']);
    assert.deepStrictEqual(skips(r, site), ['b-link.txt:symlink', 'out-dir:symlink', 'secret.txt:symlink']);
  });

  it('when following, never leaves the chosen folder (link to an outside folder or file, or via ..)', async () => {
    fs.symlinkSync(path.join(tmp, 'outside'), path.join(site, 'out-dir'));
    fs.symlinkSync('../../outside/secret.txt', path.join(site, 'sub', 'rel-secret.txt'));
    fs.symlinkSync(path.join(site, 'sub', 'b.txt'), path.join(site, 'b-link.txt'));
    fs.symlinkSync(path.join(tmp, 'nowhere'), path.join(site, 'broken'));
    const r = await walkFolder(site, 'site/', { followSymlinks: true });
    assert.deepStrictEqual(rels(r), ['site/b-link.txt', 'site/index.html', 'site/sub/b.txt']);
    assert.deepStrictEqual(skips(r, site), ['broken:broken', 'out-dir:outside', `sub${path.sep}rel-secret.txt:outside`]);
  });

  it('cuts a self-loop and two links pointing at each other', async () => {
    fs.symlinkSync('.', path.join(site, 'self'));
    fs.mkdirSync(path.join(site, 'a'));
    fs.mkdirSync(path.join(site, 'b'));
    fs.writeFileSync(path.join(site, 'a', 'a.txt'), 'a');
    fs.symlinkSync(path.join(site, 'b'), path.join(site, 'a', 'to-b'));
    fs.symlinkSync(path.join(site, 'a'), path.join(site, 'b', 'to-a'));
    const r = await walkFolder(site, 'site/', { followSymlinks: true });
    // a/to-b leads to b, whose to-a leads back into a (on the chain): cut; likewise from b.
    assert.deepStrictEqual(rels(r), ['site/a/a.txt', 'site/b/to-a/a.txt', 'site/index.html', 'site/sub/b.txt']);
    const sk = skips(r, site);
    assert.ok(sk.includes('self:loop'), sk.join());
    assert.ok(sk.includes(`a${path.sep}to-b${path.sep}to-a:loop`), sk.join());
    assert.ok(sk.includes(`b${path.sep}to-a${path.sep}to-b:loop`), sk.join());
    assert.strictEqual(sk.length, 3, sk.join());
  });

  it('caps depth and the number of files', async () => {
    let d = site;
    for (let i = 0; i < 5; i++) fs.mkdirSync((d = path.join(d, `d${i}`)));
    fs.writeFileSync(path.join(d, 'deep.txt'), 'x');
    const shallow = await walkFolder(site, 'site/', { maxDepth: 3 });
    assert.ok(!rels(shallow).some((r) => r.endsWith('deep.txt')));
    assert.deepStrictEqual(skips(shallow, site), [['d0', 'd1', 'd2', 'd3'].join(path.sep) + ':depth']);
    const few = await walkFolder(site, 'site/', { maxFiles: 1 });
    assert.strictEqual(few.files.length, 1);
    assert.deepStrictEqual(few.skipped.map((s) => s.reason), ['limit']);
  });
});
