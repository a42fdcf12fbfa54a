import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readSmallFile } from '../../../src/core/client/fileRange';

describe('core/client readSmallFile (small uploads read whole)', () => {
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'small-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads a file whole, with its stats; a larger file is left to the streaming path', async () => {
    const f = path.join(dir, 'a.bin');
    const bytes = Buffer.from(Array.from({ length: 3000 }, (_, i) => i & 255));
    fs.writeFileSync(f, bytes);
    const r = await readSmallFile(f, 'op', 4096);
    assert.ok(r);
    assert.deepStrictEqual(r.body, bytes);
    assert.strictEqual(r.st.size, 3000);
    assert.strictEqual(await readSmallFile(f, 'op', 2999), undefined);
    const empty = path.join(dir, 'empty');
    fs.writeFileSync(empty, '');
    assert.strictEqual((await readSmallFile(empty, 'op'))?.body.length, 0);
  });

  it('says what is wrong with a missing file or a folder', async () => {
    await assert.rejects(readSmallFile(path.join(dir, 'nope'), 'op'), (e: Error & { code?: string }) => e.code === 'FileNotFound' && /File not found/.test(e.message));
    await assert.rejects(readSmallFile(dir, 'op'), (e: Error & { code?: string }) => e.code === 'LocalFileError');
  });
});
