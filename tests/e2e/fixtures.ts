import {
  type BrowserContext,
  test as base,
  expect,
  type Locator,
  type Page,
} from '@playwright/test';
import { CONTRACT_PORT } from './contractServer';

export const API = `http://127.0.0.1:${CONTRACT_PORT}`;

/**
 * Collects a page's console errors and uncaught exceptions. The browser itself logs every
 * HTTP error status; the tests script those on purpose, so those lines are left out.
 */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (
      message.type() === 'error' &&
      !/^Failed to load resource: the server responded with a status of \d+/.test(message.text())
    ) {
      errors.push(message.text());
    }
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/**
 * Collects every Content-Security-Policy violation a page of `context` reports (any page,
 * any reload, tabs opened later too) into `violations`, as "<directive> blocked <what>"
 * lines. Chromium logs most of them to the console too, but not all (a refused eval that
 * the page catches is silent there): the event is the browser's report of every one.
 */
export async function watchCspViolations(
  context: BrowserContext,
  violations: string[] = [],
): Promise<string[]> {
  await context.exposeBinding('__reportCspViolation', (_source, line: string) => {
    violations.push(line);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __reportCspViolation: (line: string) => void })
        .__reportCspViolation;
      const where = event.sourceFile ? ` (${event.sourceFile}:${event.lineNumber})` : '';
      void report(
        `${event.effectiveDirective} blocked ${event.blockedURI || 'something'} on ${event.documentURI}${where}`,
      );
    });
  });
  return violations;
}

/**
 * Every test fails on an error in the browser console, an uncaught exception or a
 * Content-Security-Policy violation in any page of its browser context.
 */
/**
 * The page is painted from the build's HTML before the app starts (docs/architecture.md,
 * "The first paint"), and a click that comes before the app listens does nothing, as for
 * a person on a slow network. Tests act as soon as they see a control, so every
 * `goto` and `reload` waits, after the page has loaded, until the form and the pictures
 * listen (they mark `<html data-started>`). `waitUntil: 'commit'` skips the wait, for a test about
 * the page before the app.
 */
function waitForTheApp(page: Page) {
  const proto = Object.getPrototypeOf(page) as Record<string, unknown> & { __waitsForApp?: true };
  if (proto.__waitsForApp) return;
  proto.__waitsForApp = true;
  for (const name of ['goto', 'reload'] as const) {
    const original = proto[name] as (this: Page, ...args: unknown[]) => Promise<unknown>;
    proto[name] = async function (this: Page, ...args: unknown[]) {
      const response = await original.apply(this, args);
      const options = args.find((arg) => typeof arg === 'object' && arg !== null) as
        | { waitUntil?: string }
        | undefined;
      if (options?.waitUntil !== 'commit') {
        await this.waitForFunction(
          () =>
            !document.getElementById('root')?.dataset.app ||
            document.documentElement.hasAttribute('data-started'),
        );
      }
      return response;
    };
  }
}

export const test = base.extend<{ consoleErrors: string[]; cspViolations: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      waitForTheApp(page);
      const errors = watchErrors(page);
      await use(errors);
      expect(errors, 'errors in the browser console').toEqual([]);
    },
    { auto: true },
  ],
  cspViolations: [
    async ({ context }, use) => {
      const violations = await watchCspViolations(context);
      await use(violations);
      // The browser reports a violation in a task of its own: let those still due arrive.
      await Promise.all(
        context
          .pages()
          .map((open) =>
            open.evaluate(() => new Promise((resolve) => setTimeout(resolve))).catch(() => {}),
          ),
      );
      expect(violations, 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

let keyCounter = 0;
/** A key of the test's own, so the stand-in server keeps its script and calls apart. */
export function uniqueKey(name: string): string {
  keyCounter += 1;
  return `test-${name.replace(/\W+/g, '-')}-${process.pid}-${keyCounter}-${Date.now()}`;
}

export type ScriptedAnswer = {
  path: string;
  status?: number;
  body: unknown;
  contentType?: string;
  /** The stand-in server holds this answer back so long (the call is recorded at once). */
  delayMs?: number;
  /**
   * The stand-in server holds this answer back until `releaseAnswers(key)` (the call is
   * recorded at once), or until the browser gives up on the request (a reload, a closed tab).
   */
  held?: boolean;
  /** More headers to answer with, e.g. a redirect's Location. */
  headers?: Record<string, string>;
};

export async function scriptAnswers(key: string, answers: ScriptedAnswer[]) {
  const response = await fetch(`${API}/__script`, {
    method: 'POST',
    body: JSON.stringify({
      key,
      answers: answers.map((a) => ({
        path: a.path,
        status: a.status ?? 200,
        body: typeof a.body === 'string' ? a.body : JSON.stringify(a.body),
        contentType: a.contentType,
        delayMs: a.delayMs,
        held: a.held,
        headers: a.headers,
      })),
    }),
  });
  expect(response.ok).toBe(true);
}

/** Lets the key's held answers go; resolves to how many were held. */
export async function releaseAnswers(key: string): Promise<number> {
  const response = await fetch(`${API}/__release?key=${encodeURIComponent(key)}`, {
    method: 'POST',
  });
  return ((await response.json()) as { released: number }).released;
}

/** Raises the flag `name` at the stand-in server (a busy page may be waiting for it). */
export async function raiseSignal(name: string): Promise<void> {
  const response = await fetch(`${API}/__signal?name=${encodeURIComponent(name)}`, {
    method: 'POST',
  });
  expect(response.ok).toBe(true);
}

export async function signalRaised(name: string): Promise<boolean> {
  const response = await fetch(`${API}/__signal?name=${encodeURIComponent(name)}`);
  return ((await response.json()) as { raised: boolean }).raised;
}

export type Call = { path: string; body: Record<string, unknown>; at: number };

/** Every call the stand-in server got with `key`, in order. */
export async function allCallsFor(key: string): Promise<Call[]> {
  const response = await fetch(`${API}/__calls?key=${encodeURIComponent(key)}`);
  return (await response.json()) as Call[];
}

/**
 * The calls made with `key`, leaving out the balance checks (a pasted key is checked once,
 * and the balance asked again after jobs finish): what the tests of generations count.
 * The balance's own tests read `allCallsFor`.
 */
export async function callsFor(key: string): Promise<Call[]> {
  return (await allCallsFor(key)).filter((call) => !call.path.endsWith('/api/wallet_balance'));
}

/** What reached the stand-in server's `/__elsewhere/<name>/…` addresses, oldest first. */
export async function elsewhereVisits(
  name: string,
): Promise<Array<{ method: string; path: string; body: string }>> {
  const response = await fetch(`${API}/__elsewhere?name=${encodeURIComponent(name)}`);
  return (await response.json()) as Array<{ method: string; path: string; body: string }>;
}

/** Opens the Connection drawer (connection, key, requests at once) from the header, unless open. */
export async function openConnection(page: Page): Promise<Locator> {
  const drawer = page.getByRole('dialog', { name: 'Connection' });
  if (!(await drawer.isVisible())) await page.getByRole('button', { name: /^Connection:/ }).click();
  await expect(drawer).toBeVisible();
  return drawer;
}

export async function closeConnection(page: Page) {
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Connection' })).toBeHidden();
}

/** Does `act` in the Connection drawer, then closes it (the page behind is inert meanwhile). */
export async function inConnection(page: Page, act: (drawer: Locator) => Promise<unknown>) {
  await act(await openConnection(page));
  await closeConnection(page);
}

export async function expectKey(page: Page, key: string) {
  await inConnection(page, (drawer) => expect(drawer.getByLabel('API key')).toHaveValue(key));
}

export async function chooseSandbox(page: Page) {
  await inConnection(page, (drawer) => drawer.getByRole('radio', { name: 'Sandbox' }).check());
}

export async function chooseModelsLab(page: Page, key: string) {
  await inConnection(page, async (drawer) => {
    await drawer.getByRole('radio', { name: 'ModelsLab' }).check();
    await drawer.getByLabel('API key').fill(key);
  });
}

/** Waits until every result image has really loaded (decoded, non-zero size). */
export async function expectImagesLoaded(page: Page, alt: RegExp, count: number) {
  const images = page.getByRole('img', { name: alt });
  await expect(images).toHaveCount(count, { timeout: 30_000 });
  for (let i = 0; i < count; i += 1) {
    await expect
      .poll(() =>
        images.nth(i).evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0),
      )
      .toBe(true);
  }
}
