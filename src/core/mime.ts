/** Small extension → MIME map for uploads (no dependency). Unknown → application/octet-stream. */

const TYPES: Record<string, string> = {
  // text / code
  txt: 'text/plain', text: 'text/plain', log: 'text/plain', md: 'text/markdown', markdown: 'text/markdown',
  csv: 'text/csv', tsv: 'text/tab-separated-values', html: 'text/html', htm: 'text/html', css: 'text/css',
  js: 'text/javascript', mjs: 'text/javascript', cjs: 'text/javascript', ts: 'text/plain', tsx: 'text/plain',
  jsx: 'text/plain', json: 'application/json', map: 'application/json', xml: 'application/xml',
  yaml: 'application/yaml', yml: 'application/yaml', toml: 'text/plain', ini: 'text/plain', sh: 'text/x-shellscript',
  py: 'text/x-python', java: 'text/x-java-source', c: 'text/x-c', h: 'text/x-c', cpp: 'text/x-c', go: 'text/plain',
  rs: 'text/plain', vue: 'text/plain', svg: 'image/svg+xml', ics: 'text/calendar', vtt: 'text/vtt',
  // images
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', avif: 'image/avif',
  bmp: 'image/bmp', ico: 'image/x-icon', tif: 'image/tiff', tiff: 'image/tiff', heic: 'image/heic',
  // audio / video
  mp3: 'audio/mpeg', wav: 'audio/wav', ogg: 'audio/ogg', oga: 'audio/ogg', flac: 'audio/flac', aac: 'audio/aac',
  m4a: 'audio/mp4', mp4: 'video/mp4', m4v: 'video/mp4', webm: 'video/webm', mov: 'video/quicktime',
  avi: 'video/x-msvideo', mkv: 'video/x-matroska', m3u8: 'application/vnd.apple.mpegurl',
  // fonts
  woff: 'font/woff', woff2: 'font/woff2', ttf: 'font/ttf', otf: 'font/otf', eot: 'application/vnd.ms-fontobject',
  // documents / archives
  pdf: 'application/pdf', zip: 'application/zip', gz: 'application/gzip', tgz: 'application/gzip',
  tar: 'application/x-tar', bz2: 'application/x-bzip2', xz: 'application/x-xz', '7z': 'application/x-7z-compressed',
  rar: 'application/vnd.rar', wasm: 'application/wasm', doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  apk: 'application/vnd.android.package-archive', jar: 'application/java-archive', exe: 'application/octet-stream',
  bin: 'application/octet-stream', iso: 'application/octet-stream', dmg: 'application/octet-stream',
};

export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

/** MIME type from a file name or object key (last path segment's extension, case-insensitive). */
export function contentTypeFor(name: string): string {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  if (dot <= 0 || dot === base.length - 1) return DEFAULT_CONTENT_TYPE;
  const ext = base.slice(dot + 1).toLowerCase();
  return Object.prototype.hasOwnProperty.call(TYPES, ext) ? TYPES[ext] : DEFAULT_CONTENT_TYPE;
}
