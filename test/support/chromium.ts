/**
 * The Chromium every browser test and bench drives: the one `CHROMIUM_PATH` names, else Debian's
 * (the README's setup); Playwright's own browser download is never used.
 */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless and quiet: no sandbox (containers lack it), GPU, background requests, updates, first-run or sync. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];
