/**
 * Imported first by extension.ts, so it runs before the rest of the bundle: when the extension
 * host started evaluating our code (performance.now()), for the activation profile.
 */
export const loadStartedAt = performance.now();
