import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';
import type { CoverageReportOptions, V8CoverageEntry } from 'monocart-coverage-reports';

/**
 * What `npm run coverage` measures and where it keeps it. Every process that adds coverage (vitest
 * workers, Playwright workers, the final report) uses these same options, so their parts merge.
 */
export const ROOT = path.resolve(import.meta.dirname, '../..');
export const APP_FOLDERS = ['common', 'main', 'preload', 'renderer'] as const;
export const COVERAGE_DIR = path.join(ROOT, 'coverage');

/** A file of the app, relative to the repository root: `main/log.ts`, `renderer/src/main.tsx`. */
export function isAppSource(relativePath: string): boolean {
  const [folder] = relativePath.split('/');
  return APP_FOLDERS.some((app) => app === folder) && /\.tsx?$/.test(relativePath) && !relativePath.endsWith('.d.ts');
}

/** A script a Node process compiled from an app file itself (vitest and Playwright do: no bundle). */
export function isAppScriptUrl(url: string): boolean {
  if (!url.startsWith('file:')) return false;
  const relative = path.relative(ROOT, fileURLToPath(url)).split(path.sep).join('/');
  return !relative.startsWith('..') && isAppSource(relative);
}

/** Files no test loads still count, as uncovered: compiled here so their branches are counted too. */
async function compileUntestedFile(entry: V8CoverageEntry): Promise<void> {
  const file = fileURLToPath(entry.url);
  const result = await transform(entry.source ?? '', {
    loader: file.endsWith('.tsx') ? 'tsx' : 'ts',
    jsx: 'automatic',
    format: 'esm',
    sourcemap: 'external',
    sourcefile: path.basename(file),
  });
  entry.source = result.code;
  entry.sourceMap = JSON.parse(result.map);
}

/**
 * A source map names its sources relative to the compiled file's folder (vite and babel name only
 * the file); the report names every file relative to the repository root.
 */
function sourcePathFromMap(sourcePath: string, info: { url?: string; distFile?: string }): string {
  if (info.distFile === undefined || info.url === undefined) return sourcePath;
  return path.posix.join(path.posix.dirname(info.distFile), info.url);
}

export const coverageOptions: CoverageReportOptions = {
  name: 'Audian Provisioner coverage',
  outputDir: COVERAGE_DIR,
  baseDir: ROOT,
  logging: 'error',
  sourcePath: sourcePathFromMap,
  sourceFilter: isAppSource,
  all: {
    dir: APP_FOLDERS.map((folder) => path.join(ROOT, folder)),
    filter: (file: string) => isAppSource(path.relative(ROOT, file).split(path.sep).join('/')),
    transformer: compileUntestedFile,
  },
  reports: ['v8'],
};
