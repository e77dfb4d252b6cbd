import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * What the first screen loads from a built renderer folder (out/renderer): index.html and every
 * file it loads before the app can run (its script, the scripts that one imports, its
 * stylesheets). The chunks the app imports later, on demand, are not among them.
 */
export function firstScreenFiles(rendererRoot: string): string[] {
  const read = (file: string) => readFileSync(path.join(rendererRoot, file), 'utf8');
  if (!existsSync(path.join(rendererRoot, 'index.html'))) {
    throw new Error('out/renderer is missing: build the app first (`npx electron-vite build`; `npm test` does it).');
  }
  const html = read('index.html');
  const pending = [
    ...[...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((match) => match[1]!),
    ...[...html.matchAll(/<link\b[^>]*\brel="(?:modulepreload|stylesheet)"[^>]*\bhref="([^"]+)"/g)].map((match) => match[1]!),
  ].map((href) => path.normalize(href));
  const files = new Set(['index.html']);
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (files.has(file)) continue;
    files.add(file);
    if (!file.endsWith('.js')) continue;
    // Static imports only: a dynamic `import()` is a chunk loaded later.
    for (const match of read(file).matchAll(/(?:\bimport|\bfrom)\s*["'](\.{1,2}\/[^"']+\.js)["']/g)) {
      pending.push(path.join(path.dirname(file), match[1]!));
    }
  }
  return [...files];
}
