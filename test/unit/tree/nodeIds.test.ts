import * as assert from 'assert';
import {
  bucketNodeId,
  connectionNodeId,
  containerIdsAlong,
  folderNodeId,
  isSameOrBelow,
  loadMoreNodeId,
  messageNodeId,
  nodeId,
  objectNodeId,
  parseNodeId,
  type ContainerAddress,
  type NodeAddress,
} from '../../../src/tree/nodeIds';

const C = '3f2b9c1e-7a4d-4e21-9b0a-1c2d3e4f5a6b';
const B = 'test-bucket';

const ODD_KEYS = [
  'readme.md',
  'many/file-110.txt',
  'ünïcødé/文件 名.txt',
  '🙂.png',
  'with space/and  two.txt',
  'a+b=c&d?.txt',
  '100%/%2F%zz.txt',
  'a//b///c',
  '//leading',
  '/',
  'x/o/y',
  'x/b/y/o/z',
  '/o/',
  '/b/other/o/k',
  'c/1/b/x',
  'ends#more',
  'ends#msg',
  'dir/#more',
  'dir/#msg',
  '#',
  'k'.repeat(1023),
  `${'é'.repeat(511)}x`, // 1023 bytes of UTF-8
];

function roundTrip(a: NodeAddress): void {
  const id = nodeId(a);
  assert.deepStrictEqual(parseNodeId(id), a, `round trip of ${JSON.stringify(id)}`);
}

describe('tree/nodeIds', () => {
  it('keeps the id format the tests and caches rely on', () => {
    assert.strictEqual(connectionNodeId(C), `c/${C}`);
    assert.strictEqual(bucketNodeId(C, B), `c/${C}/b/${B}`);
    assert.strictEqual(folderNodeId(C, B, 'docs/'), `c/${C}/b/${B}/p/docs/`);
    assert.strictEqual(objectNodeId(C, B, 'many/file-110.txt'), `c/${C}/b/${B}/o/many/file-110.txt`);
    assert.strictEqual(loadMoreNodeId(folderNodeId(C, B, 'many/')), `c/${C}/b/${B}/p/many/#more`);
    assert.strictEqual(messageNodeId(connectionNodeId(C)), `c/${C}#msg`);
    assert.strictEqual(messageNodeId(undefined), 'root#msg');
  });

  it('round-trips every kind of node', () => {
    const bucket: ContainerAddress = { kind: 'bucket', connectionId: C, bucket: B };
    const folder: ContainerAddress = { kind: 'folder', connectionId: C, bucket: B, prefix: 'docs/' };
    const all: NodeAddress[] = [
      { kind: 'connection', connectionId: C },
      { kind: 'connection', connectionId: 'local' },
      bucket,
      folder,
      { kind: 'object', connectionId: C, bucket: B, key: 'readme.md' },
      { kind: 'loadMore', parent: bucket },
      { kind: 'loadMore', parent: folder },
      { kind: 'message' },
      { kind: 'message', parent: { kind: 'connection', connectionId: C } },
      { kind: 'message', parent: bucket },
      { kind: 'message', parent: folder },
    ];
    all.forEach(roundTrip);
    assert.strictEqual(new Set(all.map(nodeId)).size, all.length, 'all distinct');
  });

  it('round-trips odd keys as objects, folders and their load-more / message rows', () => {
    assert.strictEqual(Buffer.byteLength(ODD_KEYS[ODD_KEYS.length - 1]), 1023);
    const ids = new Set<string>();
    for (const key of ODD_KEYS) {
      const object: NodeAddress = { kind: 'object', connectionId: C, bucket: B, key };
      roundTrip(object);
      ids.add(nodeId(object));
      const prefix = key.endsWith('/') ? key : `${key}/`;
      const folder: ContainerAddress = { kind: 'folder', connectionId: C, bucket: B, prefix };
      for (const a of [folder, { kind: 'loadMore', parent: folder }, { kind: 'message', parent: folder }] as NodeAddress[]) {
        roundTrip(a);
        ids.add(nodeId(a));
      }
    }
    // 'dir/#more' and 'dir/#msg' as objects must not collide with the rows of folder 'dir/'.
    const expected = ODD_KEYS.length + new Set(ODD_KEYS.map((k) => (k.endsWith('/') ? k : `${k}/`))).size * 3;
    assert.strictEqual(ids.size, expected, 'no two nodes share an id');
  });

  it('reads an object key containing /o/ or /b/ whole, and rejects ids it did not build', () => {
    assert.deepStrictEqual(parseNodeId(`c/${C}/b/${B}/o/x/b/y/o/z`), { kind: 'object', connectionId: C, bucket: B, key: 'x/b/y/o/z' });
    assert.deepStrictEqual(parseNodeId(`c/${C}/b/${B}/p/x/o/y/`), { kind: 'folder', connectionId: C, bucket: B, prefix: 'x/o/y/' });
    for (const bad of ['', 'c/', 'x/1', `c/${C}/x/${B}`, `c/${C}/b/`, `c/${C}/b/${B}/o/`, `c/${C}/b/${B}/p/no-slash`, `c/${C}/b/${B}/p/`, `c/${C}#other`, `c/${C}/b/${B}#x`]) {
      assert.strictEqual(parseNodeId(bad), undefined, JSON.stringify(bad));
    }
  });

  it('isSameOrBelow matches a node and its descendants only', () => {
    const conn = connectionNodeId('ab');
    assert.ok(isSameOrBelow(conn, conn));
    assert.ok(isSameOrBelow(bucketNodeId('ab', B), conn));
    assert.ok(!isSameOrBelow(bucketNodeId('abc', B), conn), 'another connection whose id starts the same');
    const bucket = bucketNodeId('ab', B);
    assert.ok(isSameOrBelow(folderNodeId('ab', B, 'a/'), bucket));
    assert.ok(!isSameOrBelow(bucketNodeId('ab', `${B}-2`), bucket), 'a bucket whose name starts the same');
    const folder = folderNodeId('ab', B, 'a/');
    assert.ok(isSameOrBelow(folderNodeId('ab', B, 'a/b/'), folder));
    assert.ok(isSameOrBelow(folderNodeId('ab', B, 'a//'), folder));
    assert.ok(!isSameOrBelow(folderNodeId('ab', B, 'ab/'), folder));
    assert.ok(!isSameOrBelow(bucket, folder));
  });

  it('containerIdsAlong lists the bucket and every folder above a key', () => {
    assert.deepStrictEqual(containerIdsAlong(C, B, 'top.txt'), [bucketNodeId(C, B)]);
    assert.deepStrictEqual(containerIdsAlong(C, B, 'a/b/c.txt'), [bucketNodeId(C, B), folderNodeId(C, B, 'a/'), folderNodeId(C, B, 'a/b/')]);
    assert.deepStrictEqual(containerIdsAlong(C, B, 'a//x/'), [
      bucketNodeId(C, B),
      folderNodeId(C, B, 'a/'),
      folderNodeId(C, B, 'a//'),
      folderNodeId(C, B, 'a//x/'),
    ]);
  });
});
