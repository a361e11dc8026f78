import { contentSecurityPolicy } from '../../scripts/csp.mjs';
import { API, chooseSandbox, expect, test } from './fixtures';
import { generateNow } from './helpers';
import { CONTRACT_PORT } from './ports';

/** The same stand-in server under another name: another origin, which the policy does not allow. */
const FOREIGN = `http://localhost:${CONTRACT_PORT}`;

test('the built page carries its Content-Security-Policy: an inline script, eval, a foreign image and a foreign connection are refused and reported', async ({
  page,
  cspViolations,
  consoleErrors,
}) => {
  const referers: Array<string | null> = [];
  page.on('request', async (request) => {
    if (request.url().startsWith(`${API}/pictures/`))
      referers.push(await request.headerValue('referer'));
  });
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Generate' })).toBeVisible();
  const meta = await page.evaluate(() => ({
    policy: document
      .querySelector('meta[http-equiv="Content-Security-Policy"]')
      ?.getAttribute('content'),
    referrer: document.querySelector('meta[name="referrer"]')?.getAttribute('content'),
  }));
  expect(meta).toEqual({ policy: contentSecurityPolicy(API), referrer: 'no-referrer' });

  const outcome = await page.evaluate(
    async ({ api, foreign }) => {
      const flags = window as unknown as { inlineRan?: boolean };
      const script = document.createElement('script');
      script.textContent = 'window.inlineRan = true';
      document.head.append(script);

      // Code of the page's own: the test's evaluation itself may always evaluate strings.
      const evalRan = await new Promise<boolean>((resolve) =>
        setTimeout(() => {
          try {
            resolve(Function('return true')() === true);
          } catch {
            resolve(false);
          }
        }),
      );

      const load = (src: string) =>
        new Promise<boolean>((resolve) => {
          const image = new Image();
          image.onload = () => resolve(true);
          image.onerror = () => resolve(false);
          image.src = src;
        });
      const reach = (url: string) =>
        fetch(url).then(
          (response) => response.ok,
          () => false,
        );
      return {
        inlineRan: flags.inlineRan === true,
        evalRan,
        apiImage: await load(`${api}/pictures/1-0-8x8.svg`),
        foreignImage: await load(`${foreign}/pictures/1-0-8x8.svg`),
        apiFetch: await reach(`${api}/__calls?key=nobody`),
        foreignFetch: await reach(`${foreign}/__calls?key=nobody`),
      };
    },
    { api: API, foreign: FOREIGN },
  );
  expect(outcome).toEqual({
    inlineRan: false,
    evalRan: false,
    apiImage: true,
    foreignImage: false,
    apiFetch: true,
    foreignFetch: false,
  });
  await expect
    .poll(() => cspViolations.map((line) => line.split(' on ')[0]).sort())
    .toEqual([
      `connect-src blocked ${FOREIGN}/__calls?key=nobody`,
      `img-src blocked ${FOREIGN}/pictures/1-0-8x8.svg`,
      'script-src blocked eval',
      'script-src-elem blocked inline',
    ]);
  // The page's pictures are asked for without saying where from.
  expect(referers).toEqual([null]);
  // Expected here: this test's own violations, and the browser's console lines about them.
  cspViolations.length = 0;
  const refused = consoleErrors.splice(0);
  expect(refused.every((line) => /Content Security Policy/.test(line))).toBe(true);
});

test('under the policy, a sandbox picture (drawn in the page) shows full size and downloads', async ({
  page,
}) => {
  await page.goto('/');
  await chooseSandbox(page);
  await generateNow(page, 'a paper boat on a pond');
  await page.getByRole('button', { name: 'Open image 1 full size' }).click();
  const viewer = page.getByRole('dialog', { name: 'Full-size image' });
  const shown = viewer.getByRole('img', { name: /a paper boat on a pond/ });
  await expect
    .poll(() => shown.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
    .toBe(true);
  expect(await shown.getAttribute('src')).toMatch(/^data:image\//);
  const downloading = page.waitForEvent('download');
  await viewer.getByRole('button', { name: 'Download' }).click();
  expect((await downloading).suggestedFilename()).toMatch(/^a-paper-boat-on-a-pond-\d+-1\.jpg$/);
});
