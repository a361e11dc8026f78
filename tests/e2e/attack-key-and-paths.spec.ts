import type { JobRecordInput as JobRecord } from '../../src/features/jobs';
import {
  API,
  callsFor,
  chooseModelsLab,
  elsewhereVisits,
  expect,
  scriptAnswers,
  test,
  uniqueKey,
} from './fixtures';
import {
  card,
  exportFile,
  importHistory,
  importNotice,
  record,
  storedRows,
  submit,
} from './helpers';

/*
 * Attack probes for issue #8 (branch `attack`). Each test states what the fix claims and
 * fails where it does not hold. See src/api/attack.test.ts for the same holes in the client.
 */

/** A key short enough to fit the 32-character seed cap, unique per test. */
let counter = 0;
const shortKey = () => {
  counter += 1;
  return `sk-${process.pid}-${counter}-${Date.now() % 1e9}`;
};

/** The key as a JSON encoder may write it: its first letter as a \u escape. */
const escaped = (key: string) =>
  `\\u${key.charCodeAt(0).toString(16).padStart(4, '0')}${key.slice(1)}`;

const paths = async (key: string) => (await callsFor(key)).map((call) => call.path);

test('an answer that writes the key with a JSON \\u escape does not get it stored, shown, or sent to an image host', async ({
  page,
}) => {
  const key = shortKey();
  expect(key.length).toBeLessThanOrEqual(32);
  const host = `unicode-key-${process.pid}-${Date.now()}`;
  // Raw text, so the escape reaches the browser as written.
  const body = `{"status":"success","id":4242,"output":["${API}/__elsewhere/${host}/${escaped(key)}.png"],"meta":{"seed":"${escaped(key)}"}}`;
  await scriptAnswers(key, [{ path: '/text2img', body }]);
  await page.goto('/');
  await chooseModelsLab(page, key);
  const prompt = 'an answer that echoes the key in an escaped form';
  await submit(page, prompt);
  const job = card(page, prompt);
  // The host answers with no picture, so once it has had its visit the card says the
  // picture cannot be shown.
  await expect(job.getByText("This picture's link has expired")).toBeVisible({ timeout: 20_000 });

  const visits = await elsewhereVisits(host);
  expect
    .soft(
      visits.filter((visit) => visit.path.includes(key)),
      'image requests that carry the key in their address',
    )
    .toEqual([]);
  expect.soft(JSON.stringify(await storedRows(page)), 'IndexedDB').not.toContain(key);
  expect.soft(await job.textContent(), 'the card').not.toContain(key);
});

test('a queued answer with job number ".." is never checked: no address holds such a number, and the card says why', async ({
  page,
}) => {
  const key = uniqueKey('dot-dot-id');
  const prompt = 'a job whose number is two dots';
  await scriptAnswers(key, [
    { path: '/text2img', body: { status: 'processing', id: '..', eta: 1, output: [] } },
  ]);
  await page.goto('/');
  await chooseModelsLab(page, key);
  await submit(page, prompt);
  await expect(card(page, prompt)).toContainText(
    'The job number ".." is not one the app can ask about.',
    { timeout: 20_000 },
  );
  expect(await paths(key)).toEqual(['/api/v6/images/text2img']);
});

test('a queued answer whose fetch_result holds encoded slashes is checked at the documented address, not one a decoding proxy reads as /api/v6/v3/...', async ({
  page,
}) => {
  const key = uniqueKey('encoded-slash');
  const id = 730_000_000 + (Date.now() % 10_000_000);
  await scriptAnswers(key, [
    {
      path: '/text2img',
      body: {
        status: 'processing',
        id,
        eta: 1,
        fetch_result: `${API}/api/v6/images/fetch/..%2F..%2Fv3%2Fdelete_everything`,
        output: [],
      },
    },
  ]);
  await page.goto('/');
  await chooseModelsLab(page, key);
  await submit(page, 'a job whose fetch address hides slashes');
  await expect.poll(() => paths(key), { timeout: 20_000 }).toHaveLength(2);
  const [, check] = await paths(key);
  expect(check).toBe(`/api/v6/images/fetch/${id}`);
});

test('"Check again" on an imported record with job number ".." sends the key nowhere, and says why', async ({
  page,
}) => {
  const key = uniqueKey('imported-dot-dot');
  const prompt = 'an imported job whose number is two dots';
  const createdAt = Date.now() - 60_000;
  const job: JobRecord = {
    ...record(0, prompt),
    createdAt,
    state: 'stalled',
    remoteId: '..',
    images: [],
    seed: undefined,
    finishedAt: createdAt + 1000,
  };
  await page.goto('/');
  await chooseModelsLab(page, key);
  await importHistory(page, 'history.json', exportFile([job]));
  await expect(importNotice(page)).toContainText('Imported 1 generation.');
  await card(page, prompt).getByRole('button', { name: 'Check again' }).click();
  await expect(card(page, prompt)).toContainText(
    'The job number ".." is not one the app can ask about.',
  );
  expect(await paths(key)).toEqual([]);
});

test('held: a 307 on the check of a queued job, and a 303 on "Check again", are not followed (the key goes nowhere else)', async ({
  page,
}) => {
  const key = uniqueKey('fetch-redirect');
  const id = 740_000_000 + (Date.now() % 10_000_000);
  const target = `fetch-redirect-${process.pid}-${Date.now()}`;
  const elsewhere = { Location: `${API}/__elsewhere/${target}/api/v6/images/fetch/${id}` };
  await scriptAnswers(key, [
    { path: '/text2img', body: { status: 'processing', id, eta: 1, output: [] } },
    { path: `/fetch/${id}`, status: 307, body: '', headers: elsewhere },
    { path: `/fetch/${id}`, status: 303, body: '', headers: elsewhere },
  ]);
  await page.goto('/');
  await chooseModelsLab(page, key);
  const prompt = 'a queued job whose check is redirected';
  await submit(page, prompt);
  const checkAgain = card(page, prompt).getByRole('button', { name: 'Check again' });
  await expect(checkAgain).toBeVisible({ timeout: 20_000 });
  await checkAgain.click();
  await expect.poll(() => paths(key)).toHaveLength(3);
  await expect(checkAgain).toBeVisible();
  expect(await elsewhereVisits(target)).toEqual([]);
});
