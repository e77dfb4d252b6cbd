import { expect, test } from './fixtures';

/**
 * The preview's stand-in for the preload (preload/preview.ts) as the page uses it: requests over
 * HTTP, pushes as server-sent events, the same `window.audian` the Electron preload gives.
 */

test('a request the bridge refuses comes back as an error in words, not an exception', async ({ page, preview }) => {
  await page.goto(preview.url);
  // The real bridge refuses a foreign Host or Origin, which a page cannot send: stand in for its refusal.
  await page.route('**/__audian/invoke', (route) => route.fulfill({ status: 403, body: 'Bad token' }));
  const answer = await page.evaluate(() => window.audian.invoke('app:info', {}));
  expect(answer).toEqual({
    ok: false,
    error: { kind: 'network', message: 'The preview bridge refused the request (HTTP 403).' },
  });
});

test('a push reaches every listener still subscribed, and none that unsubscribed', async ({ page, preview }) => {
  // Pushes are not kept for a page that is not listening yet: wait until its event stream is open.
  const listening = page.waitForResponse((response) => new URL(response.url()).pathname === '/__audian/events');
  await page.goto(preview.url);
  await listening;
  const heard = await page.evaluate(async () => {
    const gone: string[] = [];
    const off = window.audian.on('app:pinged', ({ message }) => gone.push(message));
    off();
    const kept = new Promise<string>((resolve) => {
      window.audian.on('app:pinged', ({ message }) => resolve(message));
    });
    await window.audian.invoke('app:ping', { message: 'after unsubscribing' });
    return { kept: await kept, gone };
  });
  expect(heard).toEqual({ kept: 'after unsubscribing', gone: [] });
});
