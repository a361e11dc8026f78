import type { Browser, BrowserContext, Page } from '@playwright/test';
import type { JobRecordInput as JobRecord } from '../../src/features/jobs';
import { API, callsFor, expectImagesLoaded, watchErrors } from './fixtures';

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
/** What the stand-in server got with the key, in order: each call's path and prompt. */
export const sentWith = async (key: string) =>
  (await callsFor(key)).map((call) => [call.path.replace(/^.*\/images\//, ''), call.body.prompt]);

/** Fills the form (prompt plus any other fields, by label) and presses Generate. */
export async function submit(page: Page, prompt: string, fields: Record<string, string> = {}) {
  await page.getByLabel('Prompt', { exact: true }).fill(prompt);
  for (const [label, value] of Object.entries(fields)) {
    await page
      .getByRole(label === 'Seed' ? 'textbox' : 'spinbutton', { name: label, exact: true })
      .fill(value);
  }
  await page.getByRole('button', { name: 'Generate' }).click();
}

/** One small picture, answered at once by the stand-in server; waits until it shows. */
export async function generateNow(page: Page, prompt: string, fields: Record<string, string> = {}) {
  await submit(page, prompt, fields);
  await expectImagesLoaded(page, new RegExp(escapeRegExp(prompt)), Number(fields.Images ?? 1));
}

export const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A second browser profile: nothing stored, nothing shared with the test's own page. */
export async function freshBrowserPage(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  return { context, page, errors: watchErrors(page) };
}

/** Another tab of the same browser, watched for errors like the test's own page. */
export async function openTab(context: BrowserContext) {
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto('/');
  return { page, errors };
}

export const importNotice = (page: Page) =>
  page.getByRole('status').filter({ hasText: /^Imported / });

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
  await page.evaluate(
    (stored) =>
      new Promise<void>((resolve, reject) => {
        // The store idb-keyval keeps the jobs in (src/features/jobs/jobPersistence.ts).
        const opening = indexedDB.open('modelslab-studio');
        opening.onerror = () => reject(opening.error);
        opening.onsuccess = () => {
          const db = opening.result;
          const transaction = db.transaction('jobs', 'readwrite');
          transaction.objectStore('jobs').put(stored, stored.localId);
          transaction.oncomplete = () => {
            db.close();
            resolve();
          };
          transaction.onerror = () => reject(transaction.error);
        };
      }),
    job,
  );
}
