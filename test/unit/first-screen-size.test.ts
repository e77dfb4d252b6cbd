import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * What the first screen loads, read from the build itself (out/renderer): index.html and every
 * file it loads before the app can run (its script, the scripts that one imports, its stylesheets).
 * The sections, the connection form and Diagnostics are chunks loaded later, and stay out of it.
 * `npm test` builds before running this.
 */

const RENDERER = path.join(import.meta.dirname, '../../out/renderer');
const FIRST_SCREEN_BUDGET_BYTES = 300 * 1024;

const read = (file: string) => readFileSync(path.join(RENDERER, file), 'utf8');

/** The files index.html names for the page to load at once, relative to out/renderer. */
function linkedFromPage(html: string): string[] {
  const script = [...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((match) => match[1]!);
  const links = [...html.matchAll(/<link\b[^>]*\brel="(?:modulepreload|stylesheet)"[^>]*\bhref="([^"]+)"/g)].map((match) => match[1]!);
  return [...script, ...links].map((href) => path.normalize(href));
}

/** The chunks a module imports statically (its dynamic `import()`s load later, on demand). */
function staticImports(file: string): string[] {
  const imports = [...read(file).matchAll(/(?:\bimport|\bfrom)\s*["'](\.{1,2}\/[^"']+\.js)["']/g)].map((match) => match[1]!);
  return imports.map((specifier) => path.join(path.dirname(file), specifier));
}

/** index.html and everything the browser must fetch before the first screen can run. */
function firstScreenFiles(): string[] {
  if (!existsSync(path.join(RENDERER, 'index.html'))) {
    throw new Error('out/renderer is missing: build the app first (`npx electron-vite build`; `npm test` does it).');
  }
  const files = new Set(['index.html']);
  const pending = linkedFromPage(read('index.html'));
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (files.has(file)) continue;
    files.add(file);
    if (file.endsWith('.js')) pending.push(...staticImports(file));
  }
  return [...files];
}

describe('the first screen', () => {
  it('loads under 300 KB (307,200 raw bytes on disk, not compressed)', () => {
    const sizes = Object.fromEntries(firstScreenFiles().map((file) => [file, statSync(path.join(RENDERER, file)).size]));
    const total = Object.values(sizes).reduce((sum, size) => sum + size, 0);
    expect(total, `first-screen files: ${JSON.stringify(sizes, null, 1)}`).toBeLessThan(FIRST_SCREEN_BUDGET_BYTES);
  });

  it.each([
    ['zod (the connection form and the phone actions load it)', /ZodError|safeParse/],
    ["the tables' virtualizer (TanStack Virtual)", /getVirtualItems/],
  ])('leaves out %s', (_what, marker) => {
    expect(firstScreenFiles().filter((file) => marker.test(read(file)))).toEqual([]);
  });

  it('is made of the page, scripts and stylesheets the build wrote', () => {
    const files = firstScreenFiles();
    expect(files.some((file) => file.endsWith('.js'))).toBe(true);
    expect(files.some((file) => file.endsWith('.css'))).toBe(true);
    for (const file of files) expect(existsSync(path.join(RENDERER, file)), file).toBe(true);
  });
});
