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
    keybindings: { command: string; key: string; mac?: string; when?: string; args?: unknown }[];
    viewsContainers: Record<string, { icon: string }[]>;
    views: Record<string, { icon?: string }[]>;
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

  it('keybindings: scoped to the focused Buckets view (not while typing), on the focused row, one command per key', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const m = JSON.parse(fs.readFileSync(path.join(ext.extensionPath, 'package.json'), 'utf8')) as Manifest;
    const kb = m.contributes.keybindings;
    const registered = new Set(await vscode.commands.getCommands(true));
    const wanted = ['copySignedLink', 'uploadFile', 'download', 'deleteObjects', 'renameObject', 'refreshNode'].map((c) => `ossExplorer.${c}`);
    assert.deepStrictEqual(wanted.filter((c) => !kb.some((k) => k.command === c)), [], 'every command of issue 16 has a key');
    const taken = new Map<string, string>();
    for (const k of kb) {
      assert.ok(registered.has(k.command), `${k.command} is registered`);
      assert.deepStrictEqual(k.args, { $treeViewId: 'ossExplorer.buckets', $focusedTreeItem: true }, `${k.command}: acts on the focused row`);
      assert.strictEqual(k.when, 'focusedView == ossExplorer.buckets && !inputFocus', k.command);
      for (const [platform, key] of [['pc', k.key], ['mac', k.mac ?? k.key]]) {
        const slot = `${platform}:${key}`;
        assert.ok(!taken.has(slot), `${slot} is bound to both ${taken.get(slot)} and ${k.command}`);
        taken.set(slot, k.command);
      }
    }
  });

  it('icons draw in every theme: codicons for commands, currentColor SVGs for the views', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const m = JSON.parse(fs.readFileSync(path.join(ext.extensionPath, 'package.json'), 'utf8')) as Manifest;
    const files = [...Object.values(m.contributes.viewsContainers).flat(), ...Object.values(m.contributes.views).flat()].map((v) => v.icon).filter((i): i is string => !!i);
    assert.ok(files.length >= 2);
    for (const icon of files) {
      if (/^\$\([a-z-]+\)$/.test(icon)) continue;
      assert.match(icon, /\.svg$/, `${icon}: an SVG (VS Code masks it with the theme's foreground)`);
      const svg = fs.readFileSync(path.join(ext.extensionPath, icon), 'utf8');
      assert.doesNotMatch(svg, /#[0-9a-f]{3,8}\b|rgb\(/i, `${icon} has no hard-coded colour`);
      assert.match(svg, /currentColor/, `${icon} draws in currentColor`);
    }
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
