/** Header value helpers for the local OSS server (node's req.headers: lower-case names, latin1-decoded values). */

export function headerStr(req: { headers: Record<string, string | string[] | undefined> }, name: string): string | undefined {
  const v = req.headers[name];
  if (v === undefined) {
    return undefined;
  }
  return Array.isArray(v) ? v.join(',') : v;
}

/**
 * Node decodes header bytes as latin1. Clients send (and sign) UTF-8, so turn the latin1 string
 * back into bytes and decode them as UTF-8 when valid (signatures, stored x-oss-meta-* values).
 */
export function utf8Header(v: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[^\x00-\x7f]/.test(v)) {
    return v;
  }
  const s = Buffer.from(v, 'latin1').toString('utf8');
  return s.includes('\ufffd') ? v : s;
}

/** The reverse of utf8Header: emit UTF-8 bytes through node's latin1 header encoding. */
export function latin1Header(v: string): string {
  // eslint-disable-next-line no-control-regex
  return /[^\x00-\x7f]/.test(v) ? Buffer.from(v, 'utf8').toString('latin1') : v;
}
