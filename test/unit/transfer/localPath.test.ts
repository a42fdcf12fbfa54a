import * as assert from 'assert';
import { localPathForKey } from '../../../src/core/localPath';

function rejected(dir: string, key: string, platform: NodeJS.Platform): string {
  const r = localPathForKey(dir, key, { platform });
  assert.ok(!r.ok, `${JSON.stringify(key)} on ${platform} must be refused, got ${r.ok ? r.path : ''}`);
  return r.reason;
}

describe('core/localPath', () => {
  it('maps safe keys to paths inside the target folder', () => {
    assert.deepStrictEqual(localPathForKey('/home/u/dl', 'site/sub/b.txt', { platform: 'linux' }), { ok: true, path: '/home/u/dl/site/sub/b.txt' });
    assert.deepStrictEqual(localPathForKey('/home/u/dl/', 'readme.md', { platform: 'darwin' }), { ok: true, path: '/home/u/dl/readme.md' });
    assert.deepStrictEqual(localPathForKey('C:\\Users\\u\\dl', 'docs/a b.txt', { platform: 'win32' }), { ok: true, path: 'C:\\Users\\u\\dl\\docs\\a b.txt' });
    // Names that are only special on Windows are fine elsewhere.
    assert.ok(localPathForKey('/d', 'con.txt', { platform: 'linux' }).ok);
    assert.ok(localPathForKey('/d', 'what?.txt', { platform: 'linux' }).ok);
    assert.ok(localPathForKey('/d', 'console.log', { platform: 'win32' }).ok);
    assert.ok(localPathForKey('/d', '..hidden', { platform: 'linux' }).ok);
  });

  it('refuses traversal, empty and dot segments, backslashes, colons and NUL on every platform', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      for (const key of ['..', '../x', 'a/../../x', 'a/./b', './a', 'a//b', '/etc/passwd', 'a/', '', 'a\\..\\..\\x', 'C:/x', 'a:b', 'a\0b', 'x/..']) {
        rejected(platform === 'win32' ? 'C:\\dl' : '/dl', key, platform);
      }
    }
  });

  it('refuses the Windows escape docs/..\\..\\AppData\\x.bat, and Windows-only bad names on win32', () => {
    assert.match(rejected('C:\\Users\\u\\Downloads', 'docs/..\\..\\AppData\\x.bat', 'win32'), /backslash/);
    assert.match(rejected('/home/u/dl', 'docs/..\\..\\AppData\\x.bat', 'linux'), /backslash/);
    for (const key of ['CON', 'con', 'prn.txt', 'AUX.tar.gz', 'nul', 'Nul .txt', 'COM1', 'com9.log', 'LPT1', 'lpt5.txt', 'docs/CON/x.txt']) {
      assert.match(rejected('C:\\dl', key, 'win32'), /device/, key);
    }
    for (const key of ['a.', 'a ', 'dir./x', 'a<b', 'a>b', 'a|b', 'a?b', 'a*b', 'a"b', 'tab\there']) {
      rejected('C:\\dl', key, 'win32');
    }
  });

  it('keeps the result inside the target even for unusual target spellings', () => {
    const r = localPathForKey('/dl/../dl/./', 'x.txt', { platform: 'linux' });
    assert.deepStrictEqual(r, { ok: true, path: '/dl/x.txt' });
    const w = localPathForKey('c:\\DL', 'x.txt', { platform: 'win32' });
    assert.deepStrictEqual(w, { ok: true, path: 'c:\\DL\\x.txt' });
  });
});
