import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { chooseModelsLab, expect, test, uniqueKey } from './fixtures';
import { card, record, storeRaw } from './helpers';

/*
 * Attack probes for issue #8 (branch `attack`): "exports take out the current key".
 * A key copied from a dashboard often comes with a space or line end around it. The app
 * sends the key trimmed, but both exports look for the key exactly as the settings hold
 * it, spaces included, so the key itself is not found and stays in the file.
 */

async function exportedText(page: Page, click: () => Promise<void>): Promise<string> {
  const downloading = page.waitForEvent('download');
  await click();
  return readFile(await (await downloading).path(), 'utf8');
}

test('"Export history" takes out the key when it was pasted with a space after it', async ({
  page,
}) => {
  const key = uniqueKey('padded-export');
  const prompt = 'a generation an older version stored with the echoed key';
  await page.goto('/');
  // What an older version stored: the server's message, echoing the key, kept as it came.
  await storeRaw(page, [
    [
      'old-1',
      {
        ...record(1, prompt),
        localId: 'old-1',
        state: 'failed',
        images: [],
        error: { kind: 'key', serverMessage: `Invalid API key: ${key}`, httpStatus: 401 },
      },
    ],
  ]);
  await page.reload();
  await expect(card(page, prompt)).toBeVisible();
  await chooseModelsLab(page, `${key} `);
  await page.getByRole('button', { name: 'Export history' }).click();
  const text = await exportedText(page, () =>
    page.getByRole('button', { name: 'History only (.json)' }).click(),
  );
  expect(text).toContain(prompt);
  expect(text).not.toContain(key);
});

test('"Export it as it is" (unreadable records) takes out the key when it was pasted with a space before it', async ({
  page,
}) => {
  const key = uniqueKey('padded-unreadable');
  await page.goto('/');
  await storeRaw(page, [['from-another-version', { state: 'teleporting', said: `key:${key}` }]]);
  await page.reload();
  await chooseModelsLab(page, ` ${key}`);
  const notice = page.getByRole('region', { name: '1 saved generation could not be read' });
  await expect(notice).toBeVisible();
  const text = await exportedText(page, () =>
    notice.getByRole('button', { name: 'Export it as it is' }).click(),
  );
  expect(text).toContain('teleporting');
  expect(text).not.toContain(key);
});
