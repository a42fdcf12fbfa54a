/** A small multipart/form-data reader for the local OSS server's PostObject (the whole body in memory). */
import { OssError } from './errors';

export interface FormPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

function malformed(why: string): OssError {
  return new OssError(400, 'MalformedPOSTRequest', `The body of your POST request is not well-formed multipart/form-data: ${why}.`);
}

/** The boundary of a `multipart/form-data; boundary=…` content type, or undefined. */
export function formBoundary(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data\s*(;|$)/i.test(contentType.trim())) return undefined;
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : undefined;
}

function dispositionParam(header: string, name: string): string | undefined {
  const m = new RegExp(`;\\s*${name}="((?:[^"\\\\]|\\\\.)*)"|;\\s*${name}=([^;\\s]+)`, 'i').exec(header);
  if (!m) return undefined;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2];
}

/** Parses the parts in order. */
export function parseFormData(body: Buffer, boundary: string): FormPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: FormPart[] = [];
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw malformed('no boundary');
  for (;;) {
    pos += delimiter.length;
    if (body.subarray(pos, pos + 2).toString() === '--') return parts;
    if (body.subarray(pos, pos + 2).toString() !== '\r\n') throw malformed('bad boundary line');
    pos += 2;
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd < 0) throw malformed('part without headers');
    const headers = body.subarray(pos, headerEnd).toString('utf8').split('\r\n');
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd + 4);
    if (next < 0) throw malformed('no closing boundary');
    let disposition = '';
    let contentType: string | undefined;
    for (const h of headers) {
      const colon = h.indexOf(':');
      const name = h.slice(0, colon).trim().toLowerCase();
      const value = h.slice(colon + 1).trim();
      if (name === 'content-disposition') disposition = value;
      else if (name === 'content-type') contentType = value;
    }
    const name = dispositionParam(disposition, 'name');
    if (!/^form-data/i.test(disposition) || name === undefined) throw malformed('part without a form-data name');
    parts.push({ name, filename: dispositionParam(disposition, 'filename'), contentType, data: body.subarray(headerEnd + 4, next) });
    pos = next + 2;
  }
}
