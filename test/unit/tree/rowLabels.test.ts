import * as assert from 'assert';
import {
  bucketRowLabel,
  connectionRowLabel,
  folderRowLabel,
  loadMoreRowLabel,
  messageRowLabel,
  objectRowLabel,
  spokenSize,
  type Translate,
} from '../../../src/tree/rowLabels';

/** What vscode.l10n.t does without a bundle: fills {n}. */
const t: Translate = (message, ...args) => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));

/** A "translation" that marks every string, to show that every word goes through t. */
const marked: Translate = (message, ...args) => `«${t(message, ...args)}»`;

describe('tree/rowLabels (screen-reader labels)', () => {
  it('reads a connection row: name, kind, region, pinned bucket or expiry', () => {
    assert.strictEqual(connectionRowLabel(t, { name: 'Local', region: 'cn-hangzhou', expired: false }), 'Local, connection, region cn-hangzhou');
    assert.strictEqual(
      connectionRowLabel(t, { name: 'Prod', region: 'cn-beijing', pinnedBucket: 'logs', pinnedPrefix: 'app/', expired: false }),
      'Prod, connection, region cn-beijing, bucket logs, folder app/',
    );
    assert.strictEqual(connectionRowLabel(t, { name: 'Temp', region: 'cn-beijing', pinnedBucket: 'logs', expired: true }), 'Temp, connection, STS token expired');
  });

  it('says what a bucket row is, with pinned folder, region and filter', () => {
    assert.strictEqual(bucketRowLabel(t, { bucket: 'test-bucket', prefix: '', region: 'cn-hangzhou' }), 'test-bucket, bucket, region cn-hangzhou');
    assert.strictEqual(bucketRowLabel(t, { bucket: 'b', prefix: '' }), 'b, bucket');
    assert.strictEqual(bucketRowLabel(t, { bucket: 'b', prefix: 'app/', region: 'r', filter: 'x' }), 'b, bucket, folder app/, region r, filter: x');
    assert.strictEqual(bucketRowLabel(t, { bucket: 'b', prefix: '', versioning: 'Enabled' }), 'b, bucket, versioning on');
    assert.strictEqual(bucketRowLabel(t, { bucket: 'b', prefix: '', versioning: 'Suspended' }), 'b, bucket, versioning suspended');
    assert.strictEqual(bucketRowLabel(t, { bucket: 'b', prefix: '', versioning: 'Off' }), 'b, bucket');
  });

  it('names a folder and its bucket instead of reading its oss:// address', () => {
    assert.strictEqual(folderRowLabel(t, { name: 'docs', bucket: 'test-bucket' }), 'docs, folder in bucket test-bucket');
    assert.strictEqual(folderRowLabel(t, { name: 'many', bucket: 'b', filter: 'file-01' }), 'many, folder in bucket b, filter: file-01');
    assert.strictEqual(folderRowLabel(t, { name: 'docs', prefix: 'docs/', bucket: 'b' }), 'docs, folder in bucket b');
    assert.strictEqual(folderRowLabel(t, { name: '2024', prefix: 'photos/2024/', bucket: 'b' }), '2024, folder photos/2024 in bucket b');
  });

  it('reads an object with its size in words and its date', () => {
    const d = new Date(2024, 4, 1, 9, 5);
    assert.strictEqual(objectRowLabel(t, { name: 'readme.md', size: 8, lastModified: d }), 'readme.md, object, 8 bytes, modified 2024-05-01 09:05');
    assert.strictEqual(objectRowLabel(t, { name: 'a b+%.txt', size: 1536 }), 'a b+%.txt, object, 1.5 KB');
    assert.deepStrictEqual([0, 1, 2, 1023, 1024].map((n) => spokenSize(t, n)), ['0 bytes', '1 byte', '2 bytes', '1023 bytes', '1.0 KB']);
  });

  it('reads the load-more and message rows with what activating them does', () => {
    assert.strictEqual(loadMoreRowLabel(t, 50), 'Load more, 50 items loaded');
    assert.strictEqual(messageRowLabel(t, 'No objects', 'empty'), 'No objects');
    assert.strictEqual(messageRowLabel(t, 'AccessDenied', 'error'), 'Error: AccessDenied; activate to retry');
    assert.strictEqual(messageRowLabel(t, 'Token expired', 'credentials'), 'Token expired; activate to update the credentials');
  });

  it('routes every word through the translation function', () => {
    assert.strictEqual(folderRowLabel(marked, { name: 'docs', bucket: 'b', filter: 'x' }), '«docs, folder in bucket b», «filter: x»');
    assert.strictEqual(objectRowLabel(marked, { name: 'k', size: 8 }), '«k, object», «8 bytes»');
    assert.strictEqual(
      connectionRowLabel(marked, { name: 'P', region: 'r', pinnedBucket: 'b', pinnedPrefix: 'p/', expired: false }),
      '«P, connection, region r», «bucket b», «folder p/»',
    );
  });
});
