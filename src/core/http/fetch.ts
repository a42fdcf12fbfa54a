/**
 * node-fetch 3 is ESM-only. With tsc `module: node16` (CommonJS output) this stays a real dynamic
 * import(); webpack bundles it into the single extension chunk.
 */
type NodeFetchModule = typeof import('node-fetch', { with: { 'resolution-mode': 'import' } });

let loading: Promise<NodeFetchModule> | undefined;

export function loadFetch(): Promise<NodeFetchModule> {
  if (!loading) {
    loading = import('node-fetch').catch((err: unknown) => {
      loading = undefined;
      throw err;
    });
  }
  return loading;
}
