/**
 * OSS: Properties… — a keyboard-driven form (one quick pick, one input per field) that shows and
 * edits an object's HTTP headers, user metadata, storage class, ACL and tags, and for Archive /
 * ColdArchive objects its restore state with Restore. Nothing is written until "Apply changes".
 */
import * as vscode from 'vscode';
import { OBJECT_ACLS, STORAGE_CLASSES, type HeadObjectResult, type ObjectAcl, type ObjectTags, type StorageClass } from '../core/client';
import type { OssApi } from '../connections/ossApi';
import { BACK } from '../ui/prompter';
import type { Deps } from './deps';
import { resolveObjects } from './targets';

const HEADERS = [
  ['contentType', 'Content-Type'],
  ['contentEncoding', 'Content-Encoding'],
  ['cacheControl', 'Cache-Control'],
  ['contentDisposition', 'Content-Disposition'],
  ['expires', 'Expires'],
] as const;
type HeaderField = (typeof HEADERS)[number][0];

interface Draft {
  headers: Partial<Record<HeaderField, string>>;
  meta: Record<string, string>;
  storageClass?: string;
  acl: ObjectAcl;
  tags: ObjectTags;
}

type Action =
  | { kind: 'header'; field: HeaderField; name: string }
  | { kind: 'meta' | 'tag'; name?: string }
  | { kind: 'storageClass' | 'acl' | 'restore' | 'apply' | 'close' };

export interface PropertiesResult {
  /** What was written: 'properties' (CopyObject REPLACE), 'acl', 'tags', 'restore'. */
  written: string[];
}

function draftOf(h: HeadObjectResult, acl: ObjectAcl, tags: ObjectTags): Draft {
  const headers: Draft['headers'] = {};
  for (const [f] of HEADERS) if (h[f] !== undefined) headers[f] = h[f];
  return { headers, meta: { ...h.meta }, storageClass: h.storageClass, acl, tags: { ...tags } };
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

export async function properties(deps: Deps, arg0?: unknown, arg1?: unknown): Promise<PropertiesResult | undefined> {
  const title = vscode.l10n.t('Properties');
  const [t] = await resolveObjects(deps, arg0, Array.isArray(arg1) ? undefined : arg1, title);
  if (!t) return undefined;
  const { api, capabilities: caps } = await deps.factory.session(t.connectionId);
  const [head, acl, tags] = await Promise.all([api.headObject(t.bucket, t.key), api.getObjectAcl(t.bucket, t.key), api.getObjectTagging(t.bucket, t.key)]);
  const original = draftOf(head, acl, tags);
  const d = draftOf(head, acl, tags);
  const p = deps.prompter();
  const written: string[] = [];
  const ask = async (prompt: string, value: string, validate: (v: string) => string | undefined): Promise<string | undefined> => {
    const v = await p.showInputBox({ title: `${title}: ${t.key}`, prompt, value, validate });
    return v === BACK ? undefined : v;
  };
  for (;;) {
    const changed = !same(d, original);
    const items: (vscode.QuickPickItem & { action: Action })[] = [
      ...HEADERS.map(([field, name]) => ({ label: name, description: d.headers[field] ?? vscode.l10n.t('(not set)'), action: { kind: 'header' as const, field, name } })),
      ...Object.entries(d.meta).map(([k, v]) => ({ label: `${caps.metaPrefix}${k}`, description: v, action: { kind: 'meta' as const, name: k } })),
      { label: `$(add) ${vscode.l10n.t('Add metadata…')}`, action: { kind: 'meta' } },
      ...(caps.storageClass ? [{ label: vscode.l10n.t('Storage class'), description: d.storageClass ?? 'Standard', action: { kind: 'storageClass' as const } }] : []),
      { label: vscode.l10n.t('ACL'), description: d.acl, action: { kind: 'acl' } },
      ...Object.entries(d.tags).map(([k, v]) => ({ label: `$(tag) ${k}`, description: v, detail: vscode.l10n.t('tag'), action: { kind: 'tag' as const, name: k } })),
      { label: `$(add) ${vscode.l10n.t('Add tag…')}`, action: { kind: 'tag' } },
    ];
    if (caps.restore && (head.storageClass === 'Archive' || head.storageClass === 'ColdArchive' || head.storageClass === 'DeepColdArchive')) {
      const state = !head.restore ? vscode.l10n.t('not restored') : head.restore.ongoing ? vscode.l10n.t('restoring…') : vscode.l10n.t('restored until {0}', head.restore.expiryDate?.toISOString() ?? '?');
      items.push({ label: `$(history) ${vscode.l10n.t('Restore…')}`, description: state, action: { kind: 'restore' } });
    }
    items.push(
      changed
        ? { label: `$(check) ${vscode.l10n.t('Apply changes')}`, action: { kind: 'apply' } }
        : { label: `$(close) ${vscode.l10n.t('Close')}`, action: { kind: 'close' } },
    );
    const picked = await p.showQuickPick({ title: `${title}: ${t.key}`, items, placeholder: vscode.l10n.t('Choose a property to change; Enter on an empty value removes it') });
    if (!picked || picked === BACK || picked.action.kind === 'close') return changed ? undefined : { written };
    const a = picked.action;
    if (a.kind === 'apply') {
      await apply(api, t.bucket, t.key, head, original, d, written);
      void p.showInformationMessage(vscode.l10n.t('Properties of {0} saved.', t.key), {});
      return { written };
    }
    if (a.kind === 'restore') {
      const max = head.storageClass === 'Archive' ? 7 : 365;
      const days = await ask(vscode.l10n.t('Days the restored copy stays readable (1 to {0})', max), '1', (v) =>
        /^\d+$/.test(v.trim()) && +v >= 1 && +v <= max ? undefined : vscode.l10n.t('Enter a whole number from 1 to {0}', max),
      );
      if (days === undefined) continue;
      const r = await api.restoreObject(t.bucket, t.key, Number(days));
      written.push('restore');
      void p.showInformationMessage(r === 'started' ? vscode.l10n.t('Restoring {0}.', t.key) : vscode.l10n.t('The restored copy of {0} now lasts longer.', t.key), {});
      return { written };
    }
    if (a.kind === 'header') {
      const v = await ask(vscode.l10n.t('{0} (empty: remove)', a.name), d.headers[a.field] ?? '', (v) => (v ? api.headerValueProblem(a.name, v) : undefined));
      if (v === undefined) continue;
      if (v) d.headers[a.field] = v;
      else delete d.headers[a.field];
    } else if (a.kind === 'meta' || a.kind === 'tag') {
      await editPair(a.kind, a.name, a.kind === 'meta' ? d.meta : d.tags, api, ask, caps.metaPrefix);
    } else if (a.kind === 'storageClass') {
      const c = await p.showQuickPick({ title, items: STORAGE_CLASSES.map((s) => ({ label: s, picked: s === d.storageClass })) });
      if (c && c !== BACK) d.storageClass = c.label;
    } else if (a.kind === 'acl') {
      const c = await p.showQuickPick({ title, items: OBJECT_ACLS.map((s) => ({ label: s, picked: s === d.acl })) });
      if (c && c !== BACK) d.acl = c.label;
    }
  }
}

/** Edits (or adds, when `name` is undefined) one metadata entry or tag; an empty value removes it. */
async function editPair(
  kind: 'meta' | 'tag',
  name: string | undefined,
  into: Record<string, string>,
  api: OssApi,
  ask: (prompt: string, value: string, validate: (v: string) => string | undefined) => Promise<string | undefined>,
  metaPrefix: string,
): Promise<void> {
  const problem = (m: Record<string, string>): string | undefined => (kind === 'meta' ? api.metadataProblem(m) : api.tagsProblem(m));
  let n = name;
  if (n === undefined) {
    n = await ask(kind === 'meta' ? vscode.l10n.t('Metadata name (after {0})', metaPrefix) : vscode.l10n.t('Tag key'), '', (v) =>
      !v ? vscode.l10n.t('Enter a name') : v in into ? vscode.l10n.t('{0} exists already', v) : problem({ ...into, [kind === 'meta' ? v.toLowerCase() : v]: '' }),
    );
    if (n === undefined) return;
    if (kind === 'meta') n = n.toLowerCase();
  }
  const key = n;
  const v = await ask(vscode.l10n.t('Value of {0} (empty: remove)', key), into[key] ?? '', (v) => {
    const next = { ...into };
    if (v || name === undefined) next[key] = v;
    else delete next[key];
    return problem(next);
  });
  if (v === undefined) return;
  if (v || name === undefined) into[key] = v;
  else delete into[key];
}

async function apply(api: OssApi, bucket: string, key: string, head: HeadObjectResult, before: Draft, d: Draft, written: string[]): Promise<void> {
  const propsChanged = !same(before.headers, d.headers) || !same(before.meta, d.meta) || before.storageClass !== d.storageClass;
  if (propsChanged) {
    await api.replaceProperties(bucket, key, {
      ...d.headers,
      meta: d.meta,
      storageClass: d.storageClass as StorageClass | undefined,
      acl: d.acl,
      sse: head.sse,
    });
    written.push('properties');
  }
  if (before.acl !== d.acl) {
    if (!propsChanged) await api.putObjectAcl(bucket, key, d.acl);
    written.push('acl');
  }
  if (!same(before.tags, d.tags)) {
    await api.putObjectTagging(bucket, key, d.tags);
    written.push('tags');
  }
}
