/**
 * Object keys for pasted and dropped files, from a template such as
 * `${prefix}${yyyy}/${mm}/${contentHash:8}-${fileName}`.
 */
import { createHash } from 'crypto';
import { validateObjectKey } from '../client';

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

export class KeyTemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyTemplateError';
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

const TOKEN = /\$\{([A-Za-z]+)(?::([^}]*))?\}/g;

/** Problems with the template itself (unknown variables, bad arguments), before any file is seen. */
export function keyTemplateProblem(template: string): string | undefined {
  if (!template.trim()) return 'The key template is empty.';
  const rest = template.replace(TOKEN, '');
  if (rest.includes('${')) return 'The key template has an unclosed ${…}.';
  for (const m of template.matchAll(TOKEN)) {
    const [, name, arg] = m;
    if (!(KEY_TEMPLATE_VARIABLES as readonly string[]).includes(name)) {
      return `Unknown variable \${${name}} in the key template. Known: ${KEY_TEMPLATE_VARIABLES.map((v) => `\${${v}}`).join(', ')}.`;
    }
    if (arg !== undefined) {
      if (name !== 'contentHash') return `\${${name}} takes no argument.`;
      const n = Number(arg);
      if (!/^\d+$/.test(arg) || n < 4 || n > 64) return '${contentHash:N} needs N from 4 to 64.';
    }
  }
  return undefined;
}

/** Problems with a rendered key: empty segments, a leading '/', and core's key rules. */
export function renderedKeyProblem(key: string): string | undefined {
  if (key.split('/').slice(0, -1).some((s) => s === '') || key.endsWith('/')) {
    return `The key template makes ${JSON.stringify(key)}, which has an empty folder name or ends with '/'.`;
  }
  try {
    validateObjectKey(key);
  } catch (err) {
    return `The key template makes an invalid key: ${(err as Error).message}`;
  }
  return undefined;
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
