/**
 * node-fetch 3 is ESM-only. With tsc `module: node16` (CommonJS output) this stays a real dynamic
 * import(); webpack puts it in a chunk of its own (dist/chunks/), loaded with the first request.
 */
// typescript-eslint's program does not follow the resolution-mode attribute (tsc does), so it
// sees this type as an error type.
// eslint-disable-next-line @typescript-eslint/no-unsafe-assignment
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
