/** Shared assertion: nothing secret appears in any rendering of a value. */
import * as assert from 'node:assert/strict';
import { inspect } from 'node:util';

export function renderings(value: unknown): string[] {
  const out: string[] = [];
  try {
    out.push(JSON.stringify(value) ?? '');
  } catch {
    /* not serializable */
  }
  out.push(String(value));
  out.push(inspect(value, { depth: Infinity }));
  out.push(inspect(value, { depth: Infinity, showHidden: true }));
  out.push(`${inspect([value], { depth: Infinity })}`);
  if (value instanceof Error) {
    out.push(value.message, value.stack ?? '');
    if (value.cause !== undefined) out.push(inspect(value.cause, { depth: Infinity }));
  }
  return out;
}

export function assertNoSecrets(value: unknown, secrets: Array<string | undefined>, what = 'value'): void {
  for (const text of renderings(value)) {
    for (const s of secrets) {
      if (!s) continue;
      assert.ok(!text.includes(s), `${what} leaks a secret (${s.slice(0, 3)}…) in: ${text.slice(0, 400)}`);
    }
  }
}
