import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ContextValue, withCapabilities } from '../../../src/tree/contextValues';
import { capabilitiesOf } from '../../../src/connections/capabilities';

/** The tree-node menus of package.json with their viewItem regexes. */
function menus(): Array<{ command: string; re: RegExp }> {
  const root = path.resolve(__dirname, '../../../..');
  const m = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { contributes: { menus: Record<string, { command: string; when?: string }[]> } };
  return m.contributes.menus['view/item/context']
    .filter((i) => (i.when ?? '').startsWith('view == ossExplorer.buckets'))
    .map((i) => ({ command: i.command, re: new RegExp(/viewItem =~ \/(.+?)\/(?:\)|$)/.exec(i.when ?? '')![1]) }));
}

describe('tree/contextValues: capability suffixes', () => {
  const oss = capabilitiesOf({});
  const s3 = capabilitiesOf({ service: 's3' });

  it('leaves OSS values as they were and gives S3 nodes ".caps" plus the capabilities they have', () => {
    assert.strictEqual(withCapabilities(ContextValue.object, oss), 'ossExplorer.object');
    assert.strictEqual(withCapabilities(ContextValue.object, capabilitiesOf({ service: 'oss' })), 'ossExplorer.object');
    assert.strictEqual(withCapabilities(ContextValue.folderFiltered, s3), 'ossExplorer.folder.filtered.caps.versioning');
    assert.strictEqual(withCapabilities(ContextValue.connectionExpired, { ...s3, versioning: false }), 'ossExplorer.connection.expired.caps');
  });

  it('every menu an OSS node has is on the S3 node too, except the OSS-only ones; filtered and expired states still match', () => {
    const all = menus();
    for (const base of [ContextValue.connection, ContextValue.connectionExpired, ContextValue.bucket, ContextValue.bucketFiltered, ContextValue.folder, ContextValue.folderFiltered, ContextValue.object]) {
      const on = (v: string) => new Set(all.filter((m) => m.re.test(v)).map((m) => m.command));
      const ossMenus = on(withCapabilities(base, oss));
      const s3Menus = on(withCapabilities(base, s3));
      const missing = [...ossMenus].filter((c) => !s3Menus.has(c)).sort();
      const ossOnly = /bucket|folder/.test(base) ? ['ossExplorer.copyUploadForm', 'ossExplorer.shareAccess'] : [];
      assert.deepStrictEqual(missing, ossOnly, base);
      assert.deepStrictEqual([...s3Menus].filter((c) => !ossMenus.has(c)), [], `${base}: nothing extra`);
      const noVersions = on(withCapabilities(base, { ...s3, versioning: false }));
      assert.ok(!noVersions.has('ossExplorer.showVersions') && !noVersions.has('ossExplorer.showDeleted'), `${base}: versions need the capability`);
    }
  });
});
