/** Link markup for a pasted or dropped file, in the document's own language. */

const IMAGE_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'gif', 'webp', 'svg', 'bmp', 'ico', 'avif', 'tif', 'tiff', 'heic']);

export function isImageName(fileName: string): boolean {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 && IMAGE_EXTENSIONS.has(fileName.slice(dot + 1).toLowerCase());
}

export interface LinkInfo {
  url: string;
  /** Shown text: the alt text of an image, the text of a link. */
  name: string;
  image: boolean;
}

/** Markdown: brackets and backslashes in the text are escaped, and the URL is wrapped in <…> when it has spaces or parentheses. */
function markdown(l: LinkInfo): string {
  const text = l.name.replace(/[\\[\]]/g, (c) => `\\${c}`).replace(/[\r\n]+/g, ' ');
  const url = /[\s()<>]/.test(l.url) ? `<${l.url.replace(/[<>]/g, encodeURIComponent)}>` : l.url;
  return `${l.image ? '!' : ''}[${text}](${url})`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function html(l: LinkInfo): string {
  return l.image ? `<img src="${escapeHtml(l.url)}" alt="${escapeHtml(l.name)}">` : `<a href="${escapeHtml(l.url)}">${escapeHtml(l.name)}</a>`;
}

function restructuredText(l: LinkInfo): string {
  const text = l.name.replace(/[`<>\\]/g, (c) => `\\${c}`);
  return l.image ? `.. image:: ${l.url}\n   :alt: ${l.name.replace(/[\r\n]+/g, ' ')}` : `\`${text} <${l.url}>\`__`;
}

function asciiDoc(l: LinkInfo): string {
  const text = l.name.replace(/[\]\\]/g, (c) => `\\${c}`);
  return l.image ? `image::${l.url}[${text}]` : `link:${l.url}[${text}]`;
}

/** Languages with their own link form; any other language gets Markdown's. */
const BY_LANGUAGE: Record<string, (l: LinkInfo) => string> = {
  markdown: markdown,
  mdx: markdown,
  html: html,
  vue: html,
  php: html,
  restructuredtext: restructuredText,
  asciidoc: asciiDoc,
};

export function linkMarkup(languageId: string, link: LinkInfo): string {
  return (BY_LANGUAGE[languageId] ?? markdown)(link);
}

/** How links of several files are joined in one insertion. */
export function joinLinks(languageId: string, parts: readonly string[]): string {
  const blockLevel = languageId === 'restructuredtext';
  return parts.join(blockLevel ? '\n\n' : ' ');
}
