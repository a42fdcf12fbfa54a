import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  DEFAULT_KEY_TEMPLATE,
  KeyTemplateError,
  keyTemplateProblem,
  renderKeyTemplate,
  type KeyTemplateInput,
} from '../../../src/core/paste';

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

  it('refuses unknown variables, bad arguments and unclosed braces, naming the problem', () => {
    assert.match(keyTemplateProblem('${prefix}${name}') ?? '', /Unknown variable \$\{name\}/);
    assert.match(keyTemplateProblem('${contentHash:2}') ?? '', /from 4 to 64/);
    assert.match(keyTemplateProblem('${yyyy:4}') ?? '', /takes no argument/);
    assert.match(keyTemplateProblem('${prefix}${fileName') ?? '', /unclosed/);
    assert.match(keyTemplateProblem('  ') ?? '', /empty/);
    assert.equal(keyTemplateProblem(DEFAULT_KEY_TEMPLATE), undefined);
  });

  it('refuses a rendered key with an empty segment or a leading slash', () => {
    assert.throws(() => renderKeyTemplate('${prefix}/${fileName}', input()), (e: unknown) => e instanceof KeyTemplateError && /empty folder name/.test(e.message));
    assert.throws(() => renderKeyTemplate('/${fileName}', input()), KeyTemplateError);
    assert.throws(() => renderKeyTemplate('${workspaceFolder}/${fileName}', input({ workspaceFolder: '' })), /empty folder name/);
  });

  it('refuses a key over 1023 bytes, saying so', () => {
    assert.throws(() => renderKeyTemplate('${prefix}${fileName}', input({ prefix: `${'é'.repeat(600)}/` })), /1023/);
  });
});
