import type { Browser, BrowserContext, Page } from '@playwright/test';
import { encodePng } from '../../scripts/png.mjs';
import type { JobRecordInput as JobRecord } from '../../src/features/jobs';
import {
  API,
  callsFor,
  chooseModelsLab,
  chooseSandbox,
  expect,
  expectImagesLoaded,
  inConnection,
  signalRaised,
  watchCspViolations,
  watchErrors,
} from './fixtures';

/** What several browser test files do the same way: find cards, fill the form, count calls. */

export const card = (page: Page, prompt: string | RegExp) =>
  page.getByRole('article', {
    name: typeof prompt === 'string' ? `Generation: ${prompt}` : prompt,
  });
export const cards = (page: Page) => page.getByRole('article', { name: /^Generation: / });
export const text2imgCalls = async (key: string) =>
  (await callsFor(key)).filter((call) => call.path.endsWith('/text2img'));
export const fetchCalls = async (key: string) =>
  (await callsFor(key)).filter((call) => call.path.includes('/fetch/'));
/**
 * What the stand-in server got with the key, in order: each call's path and prompt (the
 * model list, which the picker asks for, left out).
 */
export const sentWith = async (key: string) =>
  (await callsFor(key))
    .filter((call) => !call.path.endsWith('/model_list'))
    .map((call) => [call.path.replace(/^.*\/images\//, ''), call.body.prompt]);

/** The form fields folded under "More settings". */
const MORE_SETTINGS = ['Steps', 'Guidance scale', 'Seed', 'Scheduler'];

/**
 * A form field by the start of its label: 'Images' finds "Images (samples)", whose label
 * also names the request field.
 */
export function formField(page: Page, label: string) {
  const name = new RegExp(`^${escapeRegExp(label)}( \\(\\w+\\))?$`);
  return page.getByRole(label === 'Seed' ? 'textbox' : 'spinbutton', { name });
}

/** Opens "More settings" if it is folded. */
export async function openMoreSettings(page: Page) {
  const toggle = page.getByRole('button', { name: 'More settings' });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
}

/** Fills the form (prompt plus any other fields, by label) and presses Generate. */
export async function submit(page: Page, prompt: string, fields: Record<string, string> = {}) {
  await page.getByLabel('Prompt', { exact: true }).fill(prompt);
  for (const [label, value] of Object.entries(fields)) {
    if (MORE_SETTINGS.includes(label)) await openMoreSettings(page);
    await formField(page, label).fill(value);
  }
  await page.getByRole('button', { name: 'Generate' }).click();
}

/** One small picture, answered at once by the stand-in server; waits until it shows. */
/**
 * On a fresh page in the sandbox, the next answer acts out `scenario` (its label under
 * "Sandbox: next answer"), and `prompt` is sent.
 */
export async function actOutInSandbox(page: Page, scenario: string, prompt: string) {
  await page.goto('/');
  await chooseSandbox(page);
  await page.getByLabel('Sandbox: next answer').selectOption({ label: scenario });
  await submit(page, prompt);
}

export async function generateNow(page: Page, prompt: string, fields: Record<string, string> = {}) {
  await submit(page, prompt, fields);
  await expectImagesLoaded(page, new RegExp(escapeRegExp(prompt)), Number(fields.Images ?? 1));
}

export const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A second browser profile: nothing stored, nothing shared with the test's own page. Its
 * `errors` include any Content-Security-Policy violation.
 */
export async function freshBrowserPage(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchErrors(page);
  await watchCspViolations(context, errors);
  return { context, page, errors };
}

/** Another tab of the same browser, watched for errors like the test's own page. */
export async function openTab(context: BrowserContext) {
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto('/');
  return { page, errors };
}

export const importNotice = (page: Page) =>
  page.getByRole('status').filter({ hasText: /^(Imported |Nothing new)/ });

export async function importHistory(page: Page, name: string, text: string) {
  await page.getByLabel('History file to import').setInputFiles({
    name,
    mimeType: 'application/json',
    buffer: Buffer.from(text),
  });
}

/** A finished generation as an export file holds it (no key anywhere). */
export function record(index: number, prompt = `imported picture number ${index}`): JobRecord {
  const createdAt = Date.UTC(2025, 0, 1) + index * 60_000;
  return {
    localId: `imported-${index}-${createdAt}`,
    createdAt,
    params: {
      prompt,
      model_id: 'flux',
      width: 256,
      height: 256,
      samples: 1,
      num_inference_steps: 30,
      guidance_scale: 7.5,
      seed: null,
    },
    connection: 'modelslab',
    baseUrl: API,
    state: 'done',
    attempts: 1,
    remoteId: String(80_000 + index),
    images: [`${API}/pictures/${1000 + index}-0-256x256.svg`],
    seed: String(1000 + index),
    finishedAt: createdAt + 2000,
  };
}

export function exportFile(jobs: JobRecord[]): string {
  return JSON.stringify({
    app: 'modelslab-studio',
    version: 1,
    exportedAt: new Date().toISOString(),
    jobs,
  });
}

/**
 * Leaves a record in the app's IndexedDB as a tab that crashed mid-send leaves it: the
 * other tabs were never told (no pagehide). The next tab to open settles it as soon as it
 * has asked whether that tab is still open (its lock is free), so its card turning
 * "unknown" shows that the new tab has looked at the senders of what it loaded.
 */
export async function leaveAsIfFromACrashedTab(page: Page, job: JobRecord) {
  await storeRaw(page, [[job.localId, job]]);
}

/**
 * Puts values as they are into the app's job store in IndexedDB, each under its key: what
 * an older version, a crashed tab or a hand-edited profile may have left there. The app
 * reads them at its next load.
 */
export async function storeRaw(page: Page, rows: Array<[string, unknown]>) {
  await page.evaluate(
    (rows) =>
      new Promise<void>((resolve, reject) => {
        // The store idb-keyval keeps the jobs in (src/features/jobs/jobPersistence.ts).
        const opening = indexedDB.open('modelslab-studio');
        opening.onupgradeneeded = () => opening.result.createObjectStore('jobs');
        opening.onerror = () => reject(opening.error);
        opening.onsuccess = () => {
          const db = opening.result;
          const transaction = db.transaction('jobs', 'readwrite');
          for (const [key, value] of rows) transaction.objectStore('jobs').put(value, key);
          transaction.oncomplete = () => {
            db.close();
            resolve();
          };
          transaction.onerror = () => reject(transaction.error);
        };
      }),
    rows,
  );
}

/** Everything in the app's job store in IndexedDB, by key, as stored. */
export async function storedRows(page: Page): Promise<Record<string, unknown>> {
  return page.evaluate(
    () =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        const opening = indexedDB.open('modelslab-studio');
        opening.onupgradeneeded = () => opening.result.createObjectStore('jobs');
        opening.onerror = () => reject(opening.error);
        opening.onsuccess = () => {
          const db = opening.result;
          const rows: Record<string, unknown> = {};
          const transaction = db.transaction('jobs', 'readonly');
          const cursor = transaction.objectStore('jobs').openCursor();
          cursor.onsuccess = () => {
            if (!cursor.result) return;
            rows[String(cursor.result.key)] = cursor.result.value;
            cursor.result.continue();
          };
          transaction.oncomplete = () => {
            db.close();
            resolve(rows);
          };
          transaction.onerror = () => reject(transaction.error);
        };
      }),
  );
}

/** A successful answer to a request (or a check) with one picture. */
export const success = (id: number) => ({
  status: 'success',
  id,
  output: [`${API}/pictures/${id % 1000}-0-512x512.svg`],
});

/** Opens the app with the key pasted and remembered, so tabs opened later have it too. */
export async function openWithRememberedKey(page: Page, key: string) {
  await page.goto('/');
  await chooseModelsLab(page, key);
  await inConnection(page, (drawer) =>
    drawer.getByRole('checkbox', { name: 'Remember on this device' }).check(),
  );
}

/**
 * An init script: this browser has no Web Locks (as on a plain-http host), so the app
 * knows its tabs by the lease in localStorage instead (src/lib/tabs.ts).
 */
export const withoutWebLocks = () => {
  Object.defineProperty(navigator, 'locks', { value: undefined, configurable: true });
};

/** What ends a tab's long task: a time, calls the stand-in server got, or a raised flag. */
export type BusyUntil = { ms: number } | { key: string; calls: number } | { signal: string };
/** What the busy tab clicks once its long task is over: a button, in a generation's card. */
export type StaleClick = { prompt: string; button: string };

let busyCount = 0;

/**
 * Keeps the page's main thread busy, as a long task (a slow device, a janky tab) does,
 * until `until`. It asks the stand-in server with synchronous requests, so nothing else of
 * the page runs meanwhile: no message from another tab, no storage callback, no timer,
 * no lease renewal. With `click`, it then clicks that button within the same task, so the
 * click acts on what the tab knew before (as an input event queued behind the task would).
 *
 * Resolves once the page is busy; `outcome` resolves when the task is over: 'clicked',
 * 'done' (no click asked for), 'no button' or 'timed out' (30 s).
 */
export async function busyUntil(page: Page, until: BusyUntil, click?: StaleClick) {
  busyCount += 1;
  const started = `busy-${process.pid}-${busyCount}-${Date.now()}`;
  const outcome = page
    .evaluate(
      ({ api, started, until, click }) => {
        const ask = (method: string, path: string) => {
          const request = new XMLHttpRequest();
          request.open(method, `${api}${path}`, false);
          request.send();
          return JSON.parse(request.responseText) as unknown;
        };
        const signal = (name: string) => `/__signal?name=${encodeURIComponent(name)}`;
        ask('POST', signal(started));
        const begun = Date.now();
        const over = () => {
          if ('ms' in until) return Date.now() - begun >= until.ms;
          if ('signal' in until)
            return (ask('GET', signal(until.signal)) as { raised: boolean }).raised;
          // Balance checks are not the requests the test counts (as in `callsFor`).
          const calls = ask('GET', `/__calls?key=${encodeURIComponent(until.key)}`) as Array<{
            path: string;
          }>;
          return (
            calls.filter((call) => !call.path.endsWith('/api/wallet_balance')).length >= until.calls
          );
        };
        while (!over()) {
          if (Date.now() - begun > 30_000) return 'timed out';
          const pause = Date.now() + 20;
          while (Date.now() < pause) {
            // busy
          }
        }
        if (!click) return 'done';
        const card = document.querySelector(`article[aria-label="Generation: ${click.prompt}"]`);
        const button = [...(card?.querySelectorAll('button') ?? [])].find(
          (b) =>
            b.getAttribute('aria-label') === click.button || b.textContent?.trim() === click.button,
        );
        if (!button) return 'no button';
        button.click();
        return 'clicked';
      },
      { api: API, started, until, click },
    )
    .catch((error: unknown) => `failed: ${String(error)}`);
  await expect.poll(() => signalRaised(started), { message: 'the tab is busy' }).toBe(true);
  return { outcome };
}

/**
 * An init script: the page's visibility is the test's to set (`setVisibility`), as when
 * the person switches to another tab. Headless tabs are otherwise always visible.
 */
export const controllableVisibility = () => {
  let state: DocumentVisibilityState = 'visible';
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => state === 'hidden' });
  Object.defineProperty(window, '__setVisibility', {
    value: (next: DocumentVisibilityState) => {
      state = next;
      document.dispatchEvent(new Event('visibilitychange'));
    },
  });
};

export async function setVisibility(page: Page, state: DocumentVisibilityState) {
  await page.evaluate((next) => {
    (window as unknown as { __setVisibility: (s: string) => void }).__setVisibility(next);
  }, state);
}

export type NotificationLog = {
  asked: number;
  shown: Array<{ title: string; body?: string; tag?: string }>;
};

/**
 * An init script: the browser's notifications, as a person would answer them (`answer`
 * to the permission prompt; the answer is kept across reloads, as a browser keeps it).
 * What the page asked and showed is in `notificationLog(page)`.
 */
export const fakeNotifications = (answer: string) => {
  const KEY = '__test_notification_permission';
  const log: NotificationLog = { asked: 0, shown: [] };
  class FakeNotification {
    onclick: (() => void) | null = null;
    static get permission() {
      return (localStorage.getItem(KEY) as NotificationPermission | null) ?? 'default';
    }
    static async requestPermission(): Promise<NotificationPermission> {
      log.asked += 1;
      localStorage.setItem(KEY, answer);
      return answer as NotificationPermission;
    }
    constructor(title: string, options?: NotificationOptions) {
      log.shown.push({ title, body: options?.body, tag: options?.tag });
    }
    close() {}
  }
  Object.defineProperty(window, 'Notification', { value: FakeNotification, configurable: true });
  Object.defineProperty(window, '__notifications', { value: log });
};

export const notificationLog = (page: Page) =>
  page.evaluate(() => (window as unknown as { __notifications: NotificationLog }).__notifications);

/**
 * An init script: the app's IndexedDB opens, but the app hears of it only once the test
 * calls `releaseIndexedDB(page)`, as on a slow device reading a long history.
 */
/**
 * Holds back the opening of the IndexedDB database `name` (every database when none is
 * named) until `releaseIndexedDB`: storage that is slow to answer.
 */
export const holdIndexedDB = (name?: string) => {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  Object.defineProperty(window, '__releaseIndexedDB', { value: () => release() });
  const open = IDBFactory.prototype.open;
  IDBFactory.prototype.open = function (this: IDBFactory, ...args: [string, number?]) {
    const request = open.apply(this, args);
    if (name !== undefined && args[0] !== name) return request;
    let handler: ((event: Event) => void) | null = null;
    Object.defineProperty(request, 'onsuccess', {
      configurable: true,
      get: () => handler,
      set: (value: ((event: Event) => void) | null) => {
        handler = value;
      },
    });
    request.addEventListener('success', (event) => {
      void released.then(() => handler?.call(request, event));
    });
    return request;
  };
};

export const releaseIndexedDB = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { __releaseIndexedDB: () => void }).__releaseIndexedDB(),
  );

/** A real PNG of `width`×`height` (a colour gradient), for pictures a person picks or drops. */
export function pngBytes(width: number, height: number): Buffer {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const at = (y * width + x) * 3;
      pixels[at] = Math.round((x / width) * 255);
      pixels[at + 1] = Math.round((y / height) * 255);
      pixels[at + 2] = 160;
    }
  }
  return encodePng(width, height, pixels);
}

/**
 * Puts `file` into a DataTransfer in the page, as a drop or a paste carries it; answers a
 * handle to pass to `dispatchEvent`.
 */
export async function transferOf(page: Page, file: { name: string; type: string; bytes: Buffer }) {
  return page.evaluateHandle(
    ({ name, type, data }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([Uint8Array.from(data)], name, { type }));
      return transfer;
    },
    { name: file.name, type: file.type, data: [...file.bytes] },
  );
}

/**
 * Shows the page in the system's `theme` (prefers-color-scheme) and waits until its
 * colours have finished changing: a check in between sees colours half-way, and fails.
 */
export async function showInTheme(page: Page, theme: 'light' | 'dark') {
  await page.emulateMedia({ colorScheme: theme });
  if (theme === 'dark') await expect(page.locator('html')).toHaveClass(/\bdark\b/);
  else await expect(page.locator('html')).not.toHaveClass(/\bdark\b/);
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter(
          (animation) => animation.effect?.getTiming().iterations !== Number.POSITIVE_INFINITY,
        )
        .map((animation) => animation.finished.catch(() => undefined)),
    ),
  );
}
