import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { expect } from './fixtures';

/** Pictures for people to judge; not committed (test-results/ is ignored). */
export const SCREENSHOT_DIR = path.join(import.meta.dirname, '../../test-results/screenshots');
export const SCHEMES = ['light', 'dark'] as const;

/**
 * Browser zoom as the app shows it: 200% of a 1280x800 window is a 640x400 CSS-pixel viewport
 * drawn at twice the density, which is what Ctrl+Plus does.
 */
export const ZOOMS = {
  100: { name: '100', viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 },
  150: { name: '150', viewport: { width: 853, height: 533 }, deviceScaleFactor: 1.5 },
  200: { name: '200', viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 },
} as const;
export type Zoom = (typeof ZOOMS)[keyof typeof ZOOMS];
export type Scheme = (typeof SCHEMES)[number];

/** A page of the preview at a zoom and colour scheme, once the app has said what is running. */
export async function openAt(browser: Browser, url: string, zoom: Zoom, colorScheme: Scheme): Promise<Page> {
  const context = await browser.newContext({ viewport: zoom.viewport, deviceScaleFactor: zoom.deviceScaleFactor, colorScheme });
  const page = await context.newPage();
  await page.goto(url);
  await expect(page.getByRole('contentinfo')).toContainText('0.0.0-test');
  return page;
}

/** What a picture cannot show: nothing scrolls sideways. */
export async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
}

export async function shoot(page: Page, file: string, fullPage = true): Promise<void> {
  await expectNoSidewaysScroll(page);
  await page.mouse.move(0, 0);
  // A full-page shot of a scrolled page draws fixed elements (the parked skip link) mid-page.
  if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, file), fullPage });
}

/** The main area scrolls, not the page: a whole-page picture needs the window tall enough to hold it. */
export async function shootWhole(page: Page, file: string): Promise<void> {
  const height = await page.evaluate(() => {
    const main = document.querySelector('main');
    return main ? main.scrollHeight + (document.documentElement.clientHeight - main.clientHeight) : 800;
  });
  const viewport = page.viewportSize() ?? { width: 1280, height: 800 };
  await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, Math.ceil(height)) });
  await shoot(page, file, false);
  await page.setViewportSize(viewport);
}
