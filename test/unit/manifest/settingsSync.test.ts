/**
 * Settings Sync carries the extension's settings to other machines: each setting says whether it
 * belongs to the user (synced) or to the machine (`machine` / `machine-overridable`, which Settings
 * Sync leaves alone), and no synced setting can hold a path of this machine.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..', '..', '..');
const SCOPES = new Set(['application', 'machine', 'machine-overridable', 'window', 'resource', 'language-overridable']);
const PER_MACHINE = new Set(['machine', 'machine-overridable']);

interface Setting {
  scope?: string;
  type?: string | string[];
  default?: unknown;
  format?: string;
}

const properties = (
  JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, Setting> } } }
).contributes.configuration.properties;

/** An absolute or home-relative path (POSIX, Windows drive or UNC). */
const looksLikePath = (v: unknown): boolean => typeof v === 'string' && /^(\/|~[/\\]|[A-Za-z]:[/\\]|\\\\)/.test(v);

describe('settings sync across machines', () => {
  it('every setting declares its scope', () => {
    const missing = Object.entries(properties).filter(([, s]) => !SCOPES.has(s.scope ?? '')).map(([k, s]) => `${k} (scope: ${s.scope ?? 'none'})`);
    assert.deepStrictEqual(missing, [], `settings without a valid "scope": ${missing.join(', ')}`);
  });

  it('no synced setting holds a path of this machine', () => {
    const bad = Object.entries(properties)
      .filter(([, s]) => !PER_MACHINE.has(s.scope ?? 'window'))
      .filter(([k, s]) => /(path|dir|directory|folder|file|executable)s?$/i.test(k) || s.format === 'uri' || looksLikePath(s.default))
      .map(([k]) => k);
    assert.deepStrictEqual(bad, [], `paths in synced settings (make them "machine" or "machine-overridable"): ${bad.join(', ')}`);
  });

  it('tuning that depends on the machine and its network stays on the machine', () => {
    for (const k of ['ossExplorer.upload.partSize', 'ossExplorer.upload.parallel', 'ossExplorer.requestTimeoutSeconds']) {
      assert.strictEqual(properties[k]?.scope, 'machine-overridable', k);
    }
  });
});
