import * as assert from 'assert';
import { isContainer, isObjectNode, isOssNode, listPrefix, type ContainerNode } from '../../../src/tree/nodes/base';

function fake(kind: string, extra: object = {}): unknown {
  return { kind, id: `id-${kind}`, getTreeItem: () => ({}), ...extra };
}

describe('tree/nodes guards', () => {
  it('recognises tree nodes by kind and getTreeItem, not refs, URIs or picker values', () => {
    for (const k of ['connection', 'bucket', 'folder', 'object', 'loadMore', 'message']) assert.ok(isOssNode(fake(k)), k);
    for (const x of [undefined, null, 'c/1', 42, {}, { kind: 'object', key: 'k', size: 1 }, fake('file'), { ...(fake('object') as object), getTreeItem: 'x' }]) {
      assert.ok(!isOssNode(x), JSON.stringify(x));
      assert.ok(!isObjectNode(x) && !isContainer(x), JSON.stringify(x));
    }
    assert.deepStrictEqual(
      ['connection', 'bucket', 'folder', 'object', 'loadMore', 'message'].filter((k) => isContainer(fake(k))),
      ['bucket', 'folder'],
    );
    assert.deepStrictEqual(
      ['connection', 'bucket', 'folder', 'object', 'loadMore', 'message'].filter((k) => isObjectNode(fake(k))),
      ['object'],
    );
  });

  it('lists a container with its filter appended to the prefix', () => {
    const folder = fake('folder', { prefix: 'docs/', filter: 'a' }) as ContainerNode;
    assert.strictEqual(listPrefix(folder), 'docs/a');
    assert.strictEqual(listPrefix(fake('bucket', { prefix: '' }) as ContainerNode), '');
  });
});
