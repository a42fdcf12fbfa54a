import * as vscode from 'vscode';

const IMAGE = new Set(['png', 'jpg', 'jpeg', 'gif', 'webp', 'bmp', 'ico', 'svg', 'avif', 'tif', 'tiff', 'heic']);
const MEDIA = new Set(['mp3', 'wav', 'ogg', 'flac', 'aac', 'm4a', 'mp4', 'm4v', 'webm', 'mov', 'avi', 'mkv']);
const CODE = new Set([
  'js', 'mjs', 'cjs', 'ts', 'tsx', 'jsx', 'json', 'jsonc', 'xml', 'html', 'htm', 'css', 'scss', 'less', 'yaml', 'yml',
  'toml', 'py', 'java', 'c', 'h', 'cpp', 'hpp', 'cs', 'go', 'rs', 'rb', 'php', 'sh', 'ps1', 'sql', 'vue', 'kt', 'swift',
]);
const TEXT = new Set(['txt', 'md', 'markdown', 'log', 'csv', 'tsv', 'ini', 'conf', 'cfg', 'env', 'rst']);
const ZIP = new Set(['zip', 'gz', 'tgz', 'tar', 'bz2', 'xz', '7z', 'rar', 'jar', 'war', 'apk']);
const PDF = new Set(['pdf']);

function extensionOf(key: string): string {
  const base = key.slice(key.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

type FileKind = 'image' | 'media' | 'code' | 'text' | 'zip' | 'pdf' | 'other';

export function fileKind(key: string): FileKind {
  const ext = extensionOf(key);
  if (IMAGE.has(ext)) return 'image';
  if (MEDIA.has(ext)) return 'media';
  if (CODE.has(ext)) return 'code';
  if (TEXT.has(ext)) return 'text';
  if (ZIP.has(ext)) return 'zip';
  if (PDF.has(ext)) return 'pdf';
  return 'other';
}

/** Codicon for an object key. */
export function iconFor(key: string): vscode.ThemeIcon {
  switch (fileKind(key)) {
    case 'image':
    case 'media':
      return new vscode.ThemeIcon('file-media');
    case 'code':
      return new vscode.ThemeIcon(extensionOf(key) === 'json' ? 'json' : 'file-code');
    case 'text':
      return new vscode.ThemeIcon('file-text');
    case 'zip':
      return new vscode.ThemeIcon('file-zip');
    case 'pdf':
      return new vscode.ThemeIcon('file-pdf');
    default:
      return new vscode.ThemeIcon('file');
  }
}

/** Text we can show in a read-only editor. */
export function isPreviewableText(key: string): boolean {
  const k = fileKind(key);
  return k === 'code' || k === 'text' || extensionOf(key) === 'svg' || extensionOf(key) === '';
}

export function isImage(key: string): boolean {
  return fileKind(key) === 'image';
}
