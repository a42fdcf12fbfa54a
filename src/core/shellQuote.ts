/**
 * Shell-safe commands for the clipboard. Object names and URLs are arbitrary text, so everything
 * pasted into a terminal is quoted so that no shell expands it.
 */

/** POSIX sh: inside single quotes nothing is special; a quote is closed, escaped and reopened. */
export function posixQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * PowerShell: inside single quotes only quotes are special, and PowerShell also treats the
 * typographic single quotes ‘ ’ ‚ ‛ as quotes; each is doubled.
 */
export function powershellQuote(s: string): string {
  return `'${s.replace(/['\u2018\u2019\u201a\u201b]/g, (q) => q + q)}'`;
}

export type Shell = 'posix' | 'powershell';

/**
 * `curl` uploading `file` to a signed PUT URL. --globoff: curl would otherwise expand [..] and {..}
 * in the file name and URL.
 */
export function curlCommand(url: string, contentType: string, file: string, shell: Shell = 'posix'): string {
  const q = shell === 'powershell' ? powershellQuote : posixQuote;
  const exe = shell === 'powershell' ? 'curl.exe' : 'curl';
  return `${exe} --globoff -X PUT -H ${q(`Content-Type: ${contentType}`)} -T ${q(file)} ${q(url)}`;
}

/** `curl` sending a signed DELETE or HEAD link (-I: HEAD, prints the response headers). */
export function curlMethodCommand(method: 'DELETE' | 'HEAD', url: string, shell: Shell = 'posix'): string {
  const q = shell === 'powershell' ? powershellQuote : posixQuote;
  const exe = shell === 'powershell' ? 'curl.exe' : 'curl';
  return `${exe} --globoff ${method === 'HEAD' ? '-I' : '-X DELETE'} ${q(url)}`;
}

// RFC 6838 restricted names for type and subtype; RFC 9110 tokens and quoted strings for parameters
// (quoted strings here without backslash escapes or control characters).
const NAME = "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}";
const TOKEN = "[A-Za-z0-9!#$%&'*+.^_|~-]+";
const QUOTED = '"[^"\\\\\\x00-\\x1f\\x7f]*"';
const CONTENT_TYPE = new RegExp(`^${NAME}/${NAME}(\\s*;\\s*${TOKEN}=(?:${TOKEN}|${QUOTED}))*$`);

/** A MIME type "type/subtype" with optional "; name=value" parameters, and nothing else. */
export function isContentType(value: string): boolean {
  return CONTENT_TYPE.test(value.trim());
}
