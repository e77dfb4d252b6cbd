import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from '@playwright/test';
import { CoverageReport } from 'monocart-coverage-reports';
import { coverageOptions, ROOT } from './options';

type BrowserCoverage = Awaited<ReturnType<Page['coverage']['stopJSCoverage']>>;

const RENDERER_BUILD = path.join(ROOT, 'out/renderer');
/**
 * The preview builds its bridge in memory with the repository root as working folder, so the
 * bridge's inline source map names files relative to the root: it is read as if it lay there.
 */
const BRIDGE_AS_FILE = pathToFileURL(path.join(ROOT, 'preview-bridge.js')).href;

/** The file a preview URL serves, so source maps resolve on disk; null for scripts not the app's. */
function builtFileUrl(url: string): string | null {
  if (!URL.canParse(url)) return null;
  const { pathname } = new URL(url);
  if (pathname === '/__audian/bridge.js') return BRIDGE_AS_FILE;
  if (pathname.startsWith('/assets/') && pathname.endsWith('.js')) {
    return pathToFileURL(path.join(RENDERER_BUILD, pathname)).href;
  }
  return null;
}

/** Adds what one page ran of the renderer and the preview bridge to the coverage report. */
export async function addBrowserCoverage(coverage: BrowserCoverage): Promise<void> {
  const appEntries = coverage.flatMap((entry) => {
    const url = builtFileUrl(entry.url);
    return url === null ? [] : [{ ...entry, url }];
  });
  await new CoverageReport(coverageOptions).add(appEntries);
}
