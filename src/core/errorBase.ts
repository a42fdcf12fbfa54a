/**
 * The root of core's error taxonomy. Every error core raises on purpose derives from
 * OssExplorerError and carries a machine-readable `code`; predicates over them are in errors.ts.
 */

export class OssExplorerError extends Error {
  /** e.g. 'NoSuchKey', 'NetworkError', 'InconsistentCrc', 'ExpiredCredentials', 'Aborted'. */
  readonly code: string;
  constructor(message: string, code: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OssExplorerError';
    this.code = code;
  }
}

/** Cancellation by the caller's AbortSignal. `name === 'AbortError'` so a UI can stay silent. */
export class OssAbortError extends OssExplorerError {
  override readonly name = 'AbortError';
  readonly operation?: string;

  constructor(operation?: string) {
    super(operation ? `The operation was aborted [${operation}]` : 'The operation was aborted', 'Aborted');
    this.operation = operation;
  }
}

/** A cancellation: core's OssAbortError, or the AbortError/ABORT_ERR that Node's fetch and streams raise. */
export function isAbortError(err: unknown): boolean {
  if (err instanceof OssAbortError) return true;
  const e = err as { name?: unknown; code?: unknown } | null | undefined;
  return !!e && typeof e === 'object' && (e.name === 'AbortError' || e.code === 'ABORT_ERR');
}
