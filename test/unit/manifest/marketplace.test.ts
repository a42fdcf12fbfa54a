/**
 * What the Marketplace needs from the manifest and the README that ships in the .vsix: repository
 * links (vsce refuses to package without them unless told to), allowed categories, and a README
 * whose links resolve outside the repository.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..', '..', '..');
const REPO = 'https://github.com/oss-explorer/oss-explorer';
/** The categories the Marketplace accepts (vsce's list). */
const CATEGORIES = new Set([
  'AI', 'Azure', 'Chat', 'Data Science', 'Debuggers', 'Education', 'Extension Packs', 'Formatters', 'Keymaps',
  'Language Packs', 'Linters', 'Machine Learning', 'Notebooks', 'Programming Languages', 'SCM Providers', 'Snippets',
  'Testing', 'Themes', 'Visualization', 'Other',
]);

interface Manifest {
  repository?: { url?: string };
  bugs?: { url?: string };
  homepage?: string;
  galleryBanner?: { color?: string; theme?: string };
  categories?: string[];
  keywords?: string[];
  scripts: Record<string, string>;
}

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;

/** [text](target) and ![alt](target) of a Markdown file, outside code blocks. */
function links(file: string): Array<{ image: boolean; target: string }> {
  const md = fs.readFileSync(path.join(ROOT, file), 'utf8').replace(/```[\s\S]*?```/g, '');
  return [...md.matchAll(/(!?)\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => ({ image: m[1] === '!', target: m[2] }));
}

describe('Marketplace readiness', () => {
  it('names the repository, issue tracker, homepage and gallery banner', () => {
    assert.strictEqual(manifest.repository?.url, `${REPO}.git`);
    assert.strictEqual(manifest.bugs?.url, `${REPO}/issues`);
    assert.ok(manifest.homepage?.startsWith(REPO), manifest.homepage);
    assert.match(manifest.galleryBanner?.color ?? '', /^#[0-9A-Fa-f]{6}$/);
    assert.ok(['dark', 'light'].includes(manifest.galleryBanner?.theme ?? ''), manifest.galleryBanner?.theme);
  });

  it('uses only Marketplace categories, and at most 30 keywords', () => {
    const bad = (manifest.categories ?? []).filter((c) => !CATEGORIES.has(c));
    assert.deepStrictEqual(bad, [], `not Marketplace categories: ${bad.join(', ')}`);
    assert.ok((manifest.categories ?? []).length > 0);
    assert.ok((manifest.keywords ?? []).length > 0 && (manifest.keywords ?? []).length <= 30, `${manifest.keywords?.length} keywords`);
  });

  it('packages without --allow-missing-repository and lets vsce rewrite relative images', () => {
    assert.doesNotMatch(manifest.scripts.package, /--allow-missing-repository|--no-rewrite-relative-links/);
  });

  for (const readme of ['README.md', 'README.zh-CN.md']) {
    it(`${readme}: links into the repository are absolute, images are existing PNG/JPEG files`, () => {
      const relativeLinks = links(readme).filter((l) => !l.image && !/^(https?:|#|mailto:)/.test(l.target)).map((l) => l.target);
      assert.deepStrictEqual(relativeLinks, [], `relative links in ${readme} do not resolve on the Marketplace`);
      const images = links(readme).filter((l) => l.image);
      assert.ok(images.length > 0, `${readme} shows no screenshot`);
      for (const { target } of images) {
        assert.ok(!/^https?:/.test(target) ? fs.existsSync(path.join(ROOT, target)) : target.startsWith('https:'), `image ${target}`);
        assert.match(target, /\.(png|jpe?g|gif)$/i, `${target}: the Marketplace does not show SVG images`);
      }
    });
  }

  it('README.md is for users: no build or test instructions (they live in CONTRIBUTING.md)', () => {
    const md = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    assert.doesNotMatch(md, /```sh[\s\S]*?npm (ci|test|run)/, 'a shell block with npm commands');
    assert.doesNotMatch(md, /^## (Contributing|Development|Quick start)\b/m);
  });
});
