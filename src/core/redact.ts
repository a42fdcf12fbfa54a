import { inspect } from 'node:util';

/**
 * Masking helpers: nothing secret (AccessKeySecret, SecurityToken, signatures) may reach a log line,
 * an error message or a serialized object. Used by the credential providers and the request log.
 */

const MASK = '****';

/** Masks an identifier (AccessKeyId): at most the first 4 and last 4 characters are shown ('LTAI****abcd'). */
export function maskId(id: string | undefined | null): string {
  if (!id) return '';
  if (id.length <= 8) return MASK;
  const keep = Math.min(4, Math.floor((id.length - 4) / 2));
  return id.slice(0, keep) + MASK + id.slice(id.length - keep);
}

/** Masks a secret completely (AccessKeySecret, SecurityToken, signature): nothing of it is shown. */
export function maskSecret(secret: string | undefined | null): string {
  return secret ? MASK : '';
}

/** Query names whose value is secret (fully masked). */
const SECRET_QUERY = new Set([
  'x-oss-signature', 'signature', 'security-token', 'x-oss-security-token', 'securitytoken', 'accesskeysecret',
  'x-amz-signature', 'x-amz-security-token',
]);
/** Query names whose value is an id (partly masked). */
const ID_QUERY = new Set(['ossaccesskeyid', 'accesskeyid', 'x-oss-access-key-id']);

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/**
 * Masks signatures, tokens and access key ids in a URL's query string (`x-oss-signature`, `Signature`,
 * `security-token`, `x-oss-security-token` → `****`; `OSSAccessKeyId` and the AK part of
 * `x-oss-credential` → 'LTAI****abcd'). Everything else is kept verbatim.
 */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const hash = url.indexOf('#', q);
  const query = hash < 0 ? url.slice(q + 1) : url.slice(q + 1, hash);
  const tail = hash < 0 ? '' : url.slice(hash);
  const parts = query.split('&').map((part) => {
    const eq = part.indexOf('=');
    if (eq < 0) return part;
    const name = safeDecode(part.slice(0, eq)).toLowerCase();
    const value = part.slice(eq + 1);
    if (SECRET_QUERY.has(name)) return `${part.slice(0, eq)}=${MASK}`;
    if (ID_QUERY.has(name)) return `${part.slice(0, eq)}=${encodeURIComponent(maskId(safeDecode(value)))}`;
    if (name === 'x-oss-credential' || name === 'x-amz-credential') {
      const decoded = safeDecode(value);
      const slash = decoded.indexOf('/');
      const masked = slash < 0 ? maskId(decoded) : maskId(decoded.slice(0, slash)) + decoded.slice(slash);
      return `${part.slice(0, eq)}=${encodeURIComponent(masked)}`;
    }
    return part;
  });
  return `${url.slice(0, q)}?${parts.join('&')}${tail}`;
}

/** Masks an Authorization header value (V1 `OSS ak:sig`, V4 `OSS4-HMAC-SHA256 Credential=ak/…,Signature=…`). */
export function redactAuthorization(value: string): string {
  const v1 = /^(OSS\S*)\s+([^:\s]+):(.*)$/.exec(value);
  if (v1 && !v1[1].startsWith('OSS4')) return `${v1[1]} ${maskId(v1[2])}:${MASK}`;
  if (value.startsWith('OSS4-HMAC-SHA256') || value.startsWith('AWS4-HMAC-SHA256')) {
    return value
      .replace(/Credential=([^/,\s]+)/, (_m, ak: string) => `Credential=${maskId(ak)}`)
      .replace(/Signature=[^,\s]*/, `Signature=${MASK}`);
  }
  const sp = value.indexOf(' ');
  return sp < 0 ? MASK : `${value.slice(0, sp)} ${MASK}`;
}

const SECRET_HEADERS = new Set(['x-oss-security-token', 'x-amz-security-token', 'security-token', 'cookie', 'set-cookie', 'proxy-authorization']);

/** Returns a copy of a header map with `authorization` and `x-oss-security-token` masked. */
export function redactHeaders(headers: Record<string, string | string[] | number | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, raw] of Object.entries(headers)) {
    if (raw === undefined) continue;
    const v = Array.isArray(raw) ? raw.join(', ') : String(raw);
    const lk = k.toLowerCase();
    if (lk === 'authorization') out[k] = redactAuthorization(v);
    else if (SECRET_HEADERS.has(lk)) out[k] = maskSecret(v);
    else out[k] = v;
  }
  return out;
}

/** Replaces every occurrence of the given secrets (and their URL-encoded forms) in free text. */
export function redactText(text: string, secrets: Array<string | undefined>): string {
  let out = text;
  for (const s of secrets) {
    if (!s || s.length < 4) continue;
    for (const form of new Set([s, encodeURIComponent(s)])) out = out.split(form).join(MASK);
  }
  return out;
}

/**
 * Adds non-enumerable `toJSON`, `toString` and `util.inspect.custom` to an object holding secrets so
 * that serializing or logging it shows the masked `view()` only. The secret fields stay ordinary
 * enumerable properties: reading them, `Object.entries` and `{...spread}` still work (a spread copy
 * is then the caller's responsibility).
 */
export function guardSecrets<T extends object>(obj: T, view: () => unknown): T {
  Object.defineProperty(obj, 'toJSON', { value: () => view(), enumerable: false, configurable: true, writable: true });
  Object.defineProperty(obj, 'toString', {
    value: () => `[${JSON.stringify(view())}]`,
    enumerable: false,
    configurable: true,
    writable: true,
  });
  Object.defineProperty(obj, inspect.custom, {
    value: (_depth: number, options: object) => inspect(view(), options),
    enumerable: false,
    configurable: true,
    writable: true,
  });
  return obj;
}

/**
 * A prototype with non-enumerable `toJSON`, `toString` and `util.inspect.custom` that render
 * `view(this)`: the same masking as {@link guardSecrets}, for objects made in bulk
 * (`Object.create(proto)` or a class extending it) without three `defineProperty` calls and
 * closures per object. Own enumerable properties stay readable and spreadable as usual.
 */
export function guardedPrototype<T extends object>(view: (self: T) => unknown): object {
  const proto = {};
  Object.defineProperty(proto, 'toJSON', {
    value: function toJSON(this: T) {
      return view(this);
    },
    enumerable: false,
    configurable: true,
    writable: true,
  });
  Object.defineProperty(proto, 'toString', {
    value: function toString(this: T) {
      return `[${JSON.stringify(view(this))}]`;
    },
    enumerable: false,
    configurable: true,
    writable: true,
  });
  Object.defineProperty(proto, inspect.custom, {
    value: function custom(this: T, _depth: number, options: object) {
      return inspect(view(this), options);
    },
    enumerable: false,
    configurable: true,
    writable: true,
  });
  return proto;
}
