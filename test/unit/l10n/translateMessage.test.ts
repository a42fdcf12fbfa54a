/**
 * Core's error texts are English with their placeholders filled (`t` from core/translate); the
 * VS Code side shows them in the user's language by reading the placeholders back through the
 * bundle's templates (translateMessage). Checked against the shipped zh-cn bundle.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { fillPlaceholders, t, translateMessage } from '../../../src/core/translate';

const root = path.join(__dirname, '..', '..', '..', '..');
const zh = JSON.parse(fs.readFileSync(path.join(root, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
/** vscode.l10n.t with `bundle` loaded. */
const translatorFor = (bundle: Record<string, string>) => (message: string, ...args: Array<string | number>): string => fillPlaceholders(bundle[message] ?? message, ...args);
const trZh = translatorFor(zh);

describe('translateMessage: core error texts in the bundle language', () => {
  it('t is English with the placeholders filled', () => {
    assert.strictEqual(t('Cannot write {0}: {1}', '/a b/c', 'EACCES'), 'Cannot write /a b/c: EACCES');
  });

  it('without a bundle (English) the message is unchanged', () => {
    assert.strictEqual(translateMessage('Cannot write /x: EACCES', undefined, trZh), 'Cannot write /x: EACCES');
  });

  it('reads the placeholders back and fills the translation', () => {
    const bundle = { 'Cannot write {0}: {1}': '无法写入 {0}：{1}', 'Done.': '完成。' };
    const tr = translatorFor(bundle);
    assert.strictEqual(translateMessage('Cannot write /tmp/a: b.txt: EACCES', bundle, tr), '无法写入 /tmp/a: b.txt：EACCES');
    assert.strictEqual(translateMessage('Done.', bundle, tr), '完成。');
    assert.strictEqual(translateMessage('Something else /tmp', bundle, tr), 'Something else /tmp');
  });

  it('prefers the template with the most fixed text, and ignores templates that are mostly placeholders', () => {
    const bundle = { '{0}: {1}': 'X{0}{1}', 'Upload of {0} failed': '{0} 上传失败', 'Upload of {0} failed: {1}': '{0} 上传失败：{1}' };
    const tr = translatorFor(bundle);
    assert.strictEqual(translateMessage('Upload of a.txt failed: timeout', bundle, tr), 'a.txt 上传失败：timeout');
    assert.strictEqual(translateMessage('Upload of a.txt failed', bundle, tr), 'a.txt 上传失败');
    assert.strictEqual(translateMessage('foo: bar', bundle, tr), 'foo: bar');
  });

  it('an operation named at the end in brackets stays, and the rest is translated', () => {
    const bundle = { 'This bucket has ACLs disabled: {0}': '此存储空间已禁用 ACL：{0}', 'Done.': '完成。' };
    const tr = translatorFor(bundle);
    assert.strictEqual(translateMessage('Done. [PutObjectAcl b/k]', bundle, tr), '完成。 [PutObjectAcl b/k]');
    assert.strictEqual(translateMessage('Other text [Op]', bundle, tr), 'Other text [Op]');
  });

  it('a placeholder used twice must read the same text both times', () => {
    const bundle = { 'Copy {0} onto {0}?': '把 {0} 复制到自身？' };
    const tr = translatorFor(bundle);
    assert.strictEqual(translateMessage('Copy a onto a?', bundle, tr), '把 a 复制到自身？');
    assert.strictEqual(translateMessage('Copy a onto b?', bundle, tr), 'Copy a onto b?');
  });

  it('every core text collected from t(…) has a zh-cn translation the shipped bundle finds again', () => {
    const en = JSON.parse(fs.readFileSync(path.join(root, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, string>;
    const sample = Object.keys(en).filter((k) => /\{0\}/.test(k) && !/\{1\}/.test(k) && k.replace(/\{0\}/g, '').replace(/[\s\p{P}]/gu, '').length >= 6);
    assert.ok(sample.length > 20, `templates with one placeholder: ${sample.length}`);
    let checked = 0;
    for (const key of sample) {
      const english = fillPlaceholders(key, 'ARG-7');
      const got = translateMessage(english, zh, trZh);
      // Another, longer template may match first; it must still yield a translation containing the argument.
      assert.ok(got.includes('ARG-7'), `${key} -> ${got}`);
      if (got === trZh(key, 'ARG-7')) checked++;
    }
    assert.ok(checked >= sample.length * 0.9, `found back exactly: ${checked} of ${sample.length}`);
  });
});
