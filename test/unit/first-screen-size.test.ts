import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { firstScreenFiles } from '../support/first-screen-files';

/**
 * What the first screen loads, read from the build itself (out/renderer). The sections, the
 * connection form and Diagnostics are chunks loaded later, and stay out of it. `npm test` builds
 * before running this.
 */

const RENDERER = path.join(import.meta.dirname, '../../out/renderer');
const FIRST_SCREEN_BUDGET_BYTES = 300 * 1024;

const files = () => firstScreenFiles(RENDERER);

describe('the first screen', () => {
  it('loads under 300 KB (307,200 raw bytes on disk, not compressed)', () => {
    const sizes = Object.fromEntries(files().map((file) => [file, statSync(path.join(RENDERER, file)).size]));
    const total = Object.values(sizes).reduce((sum, size) => sum + size, 0);
    expect(total, `first-screen files: ${JSON.stringify(sizes, null, 1)}`).toBeLessThan(FIRST_SCREEN_BUDGET_BYTES);
  });

  it.each([
    ['zod (the connection form and the phone actions load it)', /ZodError|safeParse/],
    ["the tables' virtualizer (TanStack Virtual)", /getVirtualItems/],
  ])('leaves out %s', (_what, marker) => {
    expect(files().filter((file) => marker.test(readFileSync(path.join(RENDERER, file), 'utf8')))).toEqual([]);
  });

  it('is made of the page, scripts and stylesheets the build wrote', () => {
    const found = files();
    expect(found.some((file) => file.endsWith('.js'))).toBe(true);
    expect(found.some((file) => file.endsWith('.css'))).toBe(true);
    for (const file of found) expect(existsSync(path.join(RENDERER, file)), file).toBe(true);
  });
});
