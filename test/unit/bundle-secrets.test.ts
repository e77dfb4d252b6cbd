import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * What ships to the renderer and the preload, read from the build itself (out/): no secret
 * material, nothing of main's, and no Node in the page. `npm test` builds before running this.
 */

const ROOT = path.join(import.meta.dirname, '../..');
const OUT = path.join(ROOT, 'out');
const TEXT_FILES = /\.(m?js|cjs|html|css|json|svg|map)$/;

interface BundleFile {
  name: string;
  text: string;
}

function filesUnder(folder: string): BundleFile[] {
  const root = path.join(OUT, folder);
  if (!existsSync(root)) {
    throw new Error(`${path.relative(ROOT, root)} is missing: build the app first (\`npx electron-vite build\`; \`npm test\` does it).`);
  }
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((name) => TEXT_FILES.test(name))
    .map((name) => ({ name: `${folder}/${name}`, text: readFileSync(path.join(root, name), 'utf8') }));
  if (files.length === 0) throw new Error(`${path.relative(ROOT, root)} holds no built files: build the app first.`);
  return files;
}

const renderer = () => filesUnder('renderer');
const preload = () => filesUnder('preload');

/** Names each file in which `pattern` occurs, so a failure says where to look. */
const filesMatching = (files: BundleFile[], pattern: RegExp) => files.filter((file) => pattern.test(file.text)).map((file) => file.name);

const SECRET_SHAPES: Array<[string, RegExp]> = [
  ['JWT (auth token)', /eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{8,}/],
  ['PEM private key', /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/],
  ['KAZOO API key (64 hex characters)', /(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])/i],
  ['auth header value', /x-auth-token\s*[:=]\s*["'][^"']+["']/i],
];

/** Text that only main's code contains: if it is in a bundle, main's code went with it. */
const MAIN_ONLY_MARKERS: Array<[string, RegExp]> = [
  ['the keychain module', /keytar/],
  ['the HTTP client', /undici/],
  ['the sandbox server', /datastore_fault/],
  ['the preview bridge', /__audian\//],
  ['the build machine path', new RegExp(ROOT.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))],
];

const NODE_IN_THE_PAGE: Array<[string, RegExp]> = [
  ['require()', /\brequire\s*\(/],
  ['node: imports', /["']node:[a-z_]+["']/],
  ['child_process', /child_process/],
  ['process.env / versions / argv', /\bprocess\.(env|versions|argv|execPath)\b/],
  ['__dirname', /__dirname|__filename/],
  ['Buffer', /\bBuffer\.(from|alloc)\b/],
  ['ipcRenderer', /ipcRenderer/],
];

describe('built bundles', () => {
  describe.each([
    ['renderer', renderer],
    ['preload', preload],
  ])('%s', (_name, files) => {
    it.each(SECRET_SHAPES)('holds no %s', (_what, pattern) => {
      expect(filesMatching(files(), pattern)).toEqual([]);
    });

    it.each(MAIN_ONLY_MARKERS)("holds nothing of main's: %s", (_what, pattern) => {
      expect(filesMatching(files(), pattern)).toEqual([]);
    });
  });

  it.each(NODE_IN_THE_PAGE)('the renderer uses no Node API: %s', (_what, pattern) => {
    expect(filesMatching(renderer(), pattern)).toEqual([]);
  });

  it('the sandboxed preload requires nothing but electron', () => {
    const required = preload().flatMap((file) => [...file.text.matchAll(/\brequire\s*\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]));
    expect(new Set(required)).toEqual(new Set(['electron']));
  });

  it('the preload carries the channel names, not the schemas only main needs', () => {
    const files = preload();
    expect(filesMatching(files, /ZodError|safeParse/)).toEqual([]);
    expect(files.reduce((bytes, file) => bytes + Buffer.byteLength(file.text), 0)).toBeLessThan(8 * 1024);
  });

  it('the renderer page carries the Content-Security-Policy', () => {
    const html = renderer().find((file) => file.name === 'renderer/index.html');
    expect(html?.text).toMatch(/http-equiv="Content-Security-Policy"[^>]*script-src 'self'/);
    expect(html?.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });
});
