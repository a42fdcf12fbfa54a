/** The manifest as the running extension sees it: menus, when-clauses, commands, settings. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../helpers/extension';
import { useOssFixture } from '../helpers/fixture';
import { connectionsFixture } from './seed';

interface Manifest {
  contributes: {
    menus: Record<string, { command: string; when?: string; group?: string }[]>;
    configuration: { properties: Record<string, { default?: unknown; minimum?: number; maximum?: number; enum?: string[]; description?: string; markdownDescription?: string }> };
    commands: { command: string; title: string; category?: string; icon?: string }[];
  };
  activationEvents?: string[];
}

describe('Manifest: menus and settings', function () {
  this.timeout(60000);
  const fx = useOssFixture(connectionsFixture);

  it('menus use the context values of contextValues.ts in anchored, parenthesised when-clauses', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const m = JSON.parse(fs.readFileSync(path.join(ext.extensionPath, 'package.json'), 'utf8')) as Manifest;
    // User-facing manifest strings are %placeholders% resolved from package.nls.json (l10n-ready).
    const nls = JSON.parse(fs.readFileSync(path.join(ext.extensionPath, 'package.nls.json'), 'utf8')) as Record<string, string>;
    const resolve = (s: string | undefined): string | undefined => {
      const key = /^%(.+)%$/.exec(s ?? '')?.[1];
      if (key === undefined) return s;
      assert.ok(typeof nls[key] === 'string' && nls[key].length > 0, `package.nls.json defines ${key}`);
      return nls[key];
    };
    const values = Object.values(fx.api.contextValues) as string[];
    const items = m.contributes.menus['view/item/context'];
    assert.ok(items.length > 10);
    for (const it of items) {
      const when = it.when ?? '';
      const match = /viewItem =~ \/(.+?)\/(?:\)|$)/.exec(when);
      assert.ok(match, `${it.command}: when-clause uses a viewItem regex: ${when}`);
      assert.ok(match[1].startsWith('^') && match[1].endsWith('$'), `${it.command}: anchored regex ${match[1]}`);
      const re = new RegExp(match[1]);
      assert.ok(values.some((v) => re.test(v)), `${it.command}: ${match[1]} matches a context value`);
      assert.match(when, /^view == ossExplorer\.(buckets|transfers) && \(/, `${it.command}: scoped to the view and parenthesised`);
    }
    for (const list of Object.values(m.contributes.menus)) {
      for (const it of list) {
        const w = it.when ?? '';
        if (w.includes('||')) assert.match(w, /\([^()]*\|\|[^()]*\)/, `"||" is parenthesised in ${w}`);
      }
    }
    // Every command used inline or in the editor has an icon; all have the OSS category.
    for (const c of m.contributes.commands) {
      assert.strictEqual(resolve(c.category), 'OSS', c.command);
      assert.match(c.title, /^%command\.[A-Za-z]+\.title%$/, `${c.command} title is localizable`);
      assert.ok(resolve(c.title), `${c.command} has a title`);
      assert.match(c.icon ?? '', /^\$\([a-z-]+\)$/, `${c.command} has a codicon`);
    }
    assert.ok(!m.activationEvents || m.activationEvents.every((e) => !/^onView:|^onCommand:/.test(e)), 'no implicit activation events');
  });

  it('contributes every setting with a description and bounds', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const props = (JSON.parse(fs.readFileSync(path.join(ext.extensionPath, 'package.json'), 'utf8')) as Manifest).contributes.configuration.properties;
    const expect: Record<string, [unknown, number?, number?]> = {
      'ossExplorer.pageSize': [100, 1, 1000],
      'ossExplorer.defaultLinkExpiry': [3600, 1, 604800],
      'ossExplorer.previewMaxBytes': [1048576, 1024, 52428800],
      'ossExplorer.editMaxBytes': [10485760, 1024, 104857600],
      'ossExplorer.upload.partSize': [16, 1, 5120],
      'ossExplorer.upload.parallel': [4, 1, 32],
      'ossExplorer.requestTimeoutSeconds': [60, 5, 3600],
      'ossExplorer.upload.followSymlinks': [false],
      'ossExplorer.signatureVersion': ['v4'],
    };
    for (const [k, [def, min, max]] of Object.entries(expect)) {
      const p = props[k];
      assert.ok(p, `${k} is contributed`);
      assert.strictEqual(p.default, def, `${k} default`);
      if (min !== undefined) assert.deepStrictEqual([p.minimum, p.maximum], [min, max], `${k} bounds`);
      assert.ok(p.description || p.markdownDescription, `${k} has a description`);
    }
    assert.deepStrictEqual(props['ossExplorer.signatureVersion'].enum, ['v4', 'v1']);
  });
});
