import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { isOssExplorerError } from '../../../src/core/errors';
import {
  DEFAULT_KEY_TEMPLATE,
  describeKeyTemplateProblem,
  KeyTemplateError,
  keyTemplateProblem,
  renderKeyTemplate,
  type KeyTemplateInput,
  type KeyTemplateProblem,
} from '../../../src/core/paste';
import type { Translate } from '../../../src/core/translate';

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
const sha = createHash('sha256').update(png).digest('hex');

function input(over: Partial<KeyTemplateInput> = {}): KeyTemplateInput {
  return {
    prefix: 'img/',
    fileName: 'diagram.final.png',
    content: png,
    date: new Date(2026, 0, 5, 7, 8, 9),
    workspaceFolder: 'site',
    relativeDir: 'docs/guide',
    ...over,
  };
}

describe('paste key template', () => {
  it('renders the default template from date parts, the content hash and the file name', () => {
    assert.equal(renderKeyTemplate(DEFAULT_KEY_TEMPLATE, input()), `img/2026/01/${sha.slice(0, 8)}-diagram.final.png`);
  });

  it('knows every documented variable', () => {
    const t = '${workspaceFolder}/${relativeDir}${yy}${dd}${hh}${mi}${ss}-${baseName}.${ext}-${contentHash}-${timestamp}';
    const d = input().date;
    assert.equal(renderKeyTemplate(t, input()), `site/docs/guide/2605070809-diagram.final.png-${sha}-${d.getTime()}`);
  });

  it('gives the same key for the same content, and another for other content', () => {
    const a = renderKeyTemplate(DEFAULT_KEY_TEMPLATE, input({ fileName: 'x.png' }));
    const b = renderKeyTemplate(DEFAULT_KEY_TEMPLATE, input({ fileName: 'x.png', content: new Uint8Array(png) }));
    const c = renderKeyTemplate(DEFAULT_KEY_TEMPLATE, input({ fileName: 'x.png', content: new Uint8Array([1]) }));
    assert.equal(a, b);
    assert.notEqual(a, c);
  });

  it('treats an empty relative directory as nothing, so no empty segment appears', () => {
    assert.equal(renderKeyTemplate('${prefix}${relativeDir}${fileName}', input({ relativeDir: '' })), 'img/diagram.final.png');
    assert.equal(renderKeyTemplate('${relativeDir}${fileName}', input({ relativeDir: '\\a\\b\\' })), 'a/b/diagram.final.png');
  });

  it('keeps unicode, spaces, + and % in file names', () => {
    assert.equal(renderKeyTemplate('${prefix}${fileName}', input({ fileName: '图 1 +50%.png' })), 'img/图 1 +50%.png');
  });

  it('refuses unknown variables, bad arguments and unclosed braces with a code and its parameters', () => {
    assert.deepEqual(keyTemplateProblem('${prefix}${name}'), { code: 'unknownVariable', name: 'name' });
    assert.deepEqual(keyTemplateProblem('${contentHash:2}'), { code: 'hashLength', min: 4, max: 64 });
    assert.deepEqual(keyTemplateProblem('${yyyy:4}'), { code: 'noArgument', name: 'yyyy' });
    assert.deepEqual(keyTemplateProblem('${prefix}${fileName'), { code: 'unclosed' });
    assert.deepEqual(keyTemplateProblem('  '), { code: 'empty' });
    assert.equal(keyTemplateProblem(DEFAULT_KEY_TEMPLATE), undefined);
  });

  it('words each problem in English by default', () => {
    const words = (template: string): string => describeKeyTemplateProblem(keyTemplateProblem(template) as KeyTemplateProblem);
    assert.match(words('${prefix}${name}'), /^Unknown variable \$\{name\} in the key template\. Known: \$\{prefix\}, \$\{yyyy\}, .*\$\{relativeDir\}\.$/);
    assert.equal(words('${contentHash:2}'), '${contentHash:N} needs N from 4 to 64.');
    assert.equal(words('${yyyy:4}'), '${yyyy} takes no argument.');
    assert.equal(words('${prefix}${fileName'), 'The key template has an unclosed ${…}.');
    assert.equal(words('  '), 'The key template is empty.');
  });

  it('words a problem through the translator it is given, with the parameters as placeholders', () => {
    const calls: Array<[string, Array<string | number>]> = [];
    const t: Translate = (message, ...args) => {
      calls.push([message, args]);
      return `«${message}»`;
    };
    const text = describeKeyTemplateProblem({ code: 'invalidKey', key: 'x'.repeat(1030), reason: { code: 'tooLong', bytes: 1030, max: 1023 } }, t);
    assert.equal(text, '«The key template makes an invalid key: {0}»');
    assert.deepEqual(calls.map((c) => c[0]), ['Invalid object key {0}: {1} UTF-8 bytes, the limit is {2}', 'The key template makes an invalid key: {0}']);
    assert.deepEqual(calls[0][1].slice(1), [1030, 1023]);
    assert.equal(calls[1][1][0], '«Invalid object key {0}: {1} UTF-8 bytes, the limit is {2}»', 'the inner problem translated too');
  });

  it('refuses a rendered key with an empty segment or a leading slash: KeyTemplateError with code and problem', () => {
    assert.throws(
      () => renderKeyTemplate('${prefix}/${fileName}', input()),
      (e: unknown) =>
        e instanceof KeyTemplateError &&
        isOssExplorerError(e) &&
        e.code === 'KeyTemplate.emptySegment' &&
        (e.problem as { key?: string }).key === 'img//diagram.final.png' &&
        /empty folder name/.test(e.message),
    );
    assert.throws(() => renderKeyTemplate('/${fileName}', input()), (e: unknown) => e instanceof KeyTemplateError && e.problem.code === 'emptySegment');
    assert.throws(() => renderKeyTemplate('${workspaceFolder}/${fileName}', input({ workspaceFolder: '' })), /empty folder name/);
    assert.throws(() => renderKeyTemplate('${nope}', input()), (e: unknown) => e instanceof KeyTemplateError && e.code === 'KeyTemplate.unknownVariable');
  });

  it('refuses a key over 1023 bytes, saying so', () => {
    assert.throws(
      () => renderKeyTemplate('${prefix}${fileName}', input({ prefix: `${'é'.repeat(600)}/` })),
      (e: unknown) =>
        e instanceof KeyTemplateError &&
        e.code === 'KeyTemplate.invalidKey' &&
        e.problem.code === 'invalidKey' &&
        e.problem.reason.code === 'tooLong' &&
        e.problem.reason.bytes === 1218 &&
        /1218 UTF-8 bytes, the limit is 1023/.test(e.message),
    );
  });
});
