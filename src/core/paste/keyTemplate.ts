/**
 * Object keys for pasted and dropped files, from a template such as
 * `${prefix}${yyyy}/${mm}/${contentHash:8}-${fileName}`.
 */
import { createHash } from 'crypto';
import { OssExplorerError } from '../errorBase';
import { describeObjectKeyProblem, objectKeyProblem, type ObjectKeyProblem } from '../client';
import { fillPlaceholders, type Translate } from '../translate';

export const DEFAULT_KEY_TEMPLATE = '${prefix}${yyyy}/${mm}/${contentHash:8}-${fileName}';

export interface KeyTemplateInput {
  /** The target prefix: '' or ending with '/'. */
  prefix: string;
  /** The file's own name, e.g. `image.png`. */
  fileName: string;
  /** The file's bytes (hashed for ${contentHash}). */
  content: Uint8Array;
  /** When the paste happened (local time parts are used, as a person reads a date). */
  date: Date;
  /** The workspace folder's name, or '' outside a workspace. */
  workspaceFolder?: string;
  /** The document's folder relative to the workspace folder, with '/' separators; '' at its root. */
  relativeDir?: string;
}

/**
 * What is wrong with a key template or the key it made, as data: the VS Code side words it in the
 * UI language with {@link describeKeyTemplateProblem} and `vscode.l10n.t`.
 */
export type KeyTemplateProblem =
  | { code: 'empty' }
  | { code: 'unclosed' }
  | { code: 'unknownVariable'; name: string }
  | { code: 'noArgument'; name: string }
  | { code: 'hashLength'; min: number; max: number }
  | { code: 'emptySegment'; key: string }
  | { code: 'invalidKey'; key: string; reason: ObjectKeyProblem };

export type KeyTemplateProblemCode = KeyTemplateProblem['code'];

/** A template that cannot make a key; `code` is `KeyTemplate.<problem code>`, the English text is the message. */
export class KeyTemplateError extends OssExplorerError {
  override readonly name = 'KeyTemplateError';
  constructor(readonly problem: KeyTemplateProblem) {
    super(describeKeyTemplateProblem(problem), `KeyTemplate.${problem.code}`);
  }
}

const shownVariable = (name: string): string => `\${${name}}`;

/** The problem in words; `t` is `vscode.l10n.t` on the VS Code side (English with placeholders filled by default). */
export function describeKeyTemplateProblem(p: KeyTemplateProblem, t: Translate = fillPlaceholders): string {
  switch (p.code) {
    case 'empty':
      return t('The key template is empty.');
    case 'unclosed':
      return t('The key template has an unclosed {0}.', '${…}');
    case 'unknownVariable':
      return t('Unknown variable {0} in the key template. Known: {1}.', shownVariable(p.name), KEY_TEMPLATE_VARIABLES.map(shownVariable).join(', '));
    case 'noArgument':
      return t('{0} takes no argument.', shownVariable(p.name));
    case 'hashLength':
      return t('{0} needs N from {1} to {2}.', '${contentHash:N}', p.min, p.max);
    case 'emptySegment':
      return t("The key template makes {0}, which has an empty folder name or ends with '/'.", JSON.stringify(p.key));
    case 'invalidKey':
      return t('The key template makes an invalid key: {0}', describeObjectKeyProblem(p.reason, p.key, t));
  }
}

/** Every variable a template may use. */
export const KEY_TEMPLATE_VARIABLES = [
  'prefix',
  'yyyy',
  'yy',
  'mm',
  'dd',
  'hh',
  'mi',
  'ss',
  'timestamp',
  'fileName',
  'baseName',
  'ext',
  'contentHash',
  'workspaceFolder',
  'relativeDir',
] as const;

type Variable = (typeof KEY_TEMPLATE_VARIABLES)[number];

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** SHA-256 of the content, lowercase hex. */
export function contentHash(content: Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

function splitName(fileName: string): { base: string; ext: string } {
  const dot = fileName.lastIndexOf('.');
  if (dot <= 0) return { base: fileName, ext: '' };
  return { base: fileName.slice(0, dot), ext: fileName.slice(dot + 1) };
}

/** A folder path as template text: '' or `a/b/` (so `${relativeDir}${fileName}` never makes '//'). */
function asFolder(dir: string | undefined): string {
  const d = (dir ?? '').replace(/\\/g, '/').replace(/^\/+|\/+$/g, '');
  return d ? `${d}/` : '';
}

function valueOf(name: Variable, arg: string | undefined, input: KeyTemplateInput, hash: () => string): string {
  const d = input.date;
  const { base, ext } = splitName(input.fileName);
  switch (name) {
    case 'prefix':
      return input.prefix;
    case 'yyyy':
      return pad(d.getFullYear(), 4);
    case 'yy':
      return pad(d.getFullYear() % 100);
    case 'mm':
      return pad(d.getMonth() + 1);
    case 'dd':
      return pad(d.getDate());
    case 'hh':
      return pad(d.getHours());
    case 'mi':
      return pad(d.getMinutes());
    case 'ss':
      return pad(d.getSeconds());
    case 'timestamp':
      return String(d.getTime());
    case 'fileName':
      return input.fileName;
    case 'baseName':
      return base;
    case 'ext':
      return ext;
    case 'contentHash': {
      const h = hash();
      return arg === undefined ? h : h.slice(0, Number(arg));
    }
    case 'workspaceFolder':
      return input.workspaceFolder ?? '';
    case 'relativeDir':
      return asFolder(input.relativeDir);
  }
}

/** ${contentHash:N}: N hex digits of the SHA-256, from 4 to 64. */
const HASH_MIN = 4;
const HASH_MAX = 64;

const TOKEN = /\$\{([A-Za-z]+)(?::([^}]*))?\}/g;

/** Problems with the template itself (unknown variables, bad arguments), before any file is seen. */
export function keyTemplateProblem(template: string): KeyTemplateProblem | undefined {
  if (!template.trim()) return { code: 'empty' };
  const rest = template.replace(TOKEN, '');
  if (rest.includes('${')) return { code: 'unclosed' };
  for (const m of template.matchAll(TOKEN)) {
    const [, name, arg] = m;
    if (!(KEY_TEMPLATE_VARIABLES as readonly string[]).includes(name)) return { code: 'unknownVariable', name };
    if (arg !== undefined) {
      if (name !== 'contentHash') return { code: 'noArgument', name };
      const n = Number(arg);
      if (!/^\d+$/.test(arg) || n < HASH_MIN || n > HASH_MAX) return { code: 'hashLength', min: HASH_MIN, max: HASH_MAX };
    }
  }
  return undefined;
}

/** Problems with a rendered key: empty segments, a leading '/', and core's key rules. */
export function renderedKeyProblem(key: string): KeyTemplateProblem | undefined {
  if (key.split('/').slice(0, -1).some((s) => s === '') || key.endsWith('/')) return { code: 'emptySegment', key };
  const bad = objectKeyProblem(key);
  return bad ? { code: 'invalidKey', key, reason: bad } : undefined;
}

/** The key for one file; throws KeyTemplateError saying what is wrong. */
export function renderKeyTemplate(template: string, input: KeyTemplateInput): string {
  const problem = keyTemplateProblem(template);
  if (problem) throw new KeyTemplateError(problem);
  let cached: string | undefined;
  const hash = (): string => (cached ??= contentHash(input.content));
  const key = template.replace(TOKEN, (_all, name: string, arg: string | undefined) => valueOf(name as Variable, arg, input, hash));
  const bad = renderedKeyProblem(key);
  if (bad) throw new KeyTemplateError(bad);
  return key;
}
