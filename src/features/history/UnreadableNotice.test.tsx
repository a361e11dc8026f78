import { screen, within } from '@testing-library/react';
import { createStore, entries, setMany } from 'idb-keyval';
import { expect, test, vi } from 'vitest';
import { setupApiServer } from '../../test/apiServer';
import { jobRecord } from '../../test/jobRecords';
import { openConnection, pasteInto, reloadApp, renderApp } from '../../test/renderApp';

setupApiServer();

/** On a busy machine the page takes its time: wait for what shows, not for a set time. */
const patient = { timeout: 10_000 };

const KEY = 'sk-UNREADABLE-SECRET-51c0ffee';

/** The app's job store in IndexedDB (src/features/jobs/jobPersistence.ts). */
const jobsStore = () => createStore('modelslab-studio', 'jobs');

const readable = [jobRecord('good-1', { createdAt: 1 }), jobRecord('good-2', { createdAt: 2 })];
const unreadable: Array<[string, unknown]> = [
  ['from-the-future', { ...jobRecord('from-the-future'), state: 'teleporting' }],
  ['plain-junk', 42],
  // Saved by a version that kept a server message echoing the key, then damaged.
  ['echoed-key', { localId: 'echoed-key', error: { serverMessage: `Invalid key ${KEY}` } }],
];

/** The file the app hands the browser to save, read back. */
function capturedFiles() {
  const saved: Array<{ name: string; blob: Blob }> = [];
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    saved.push({ name: '', blob: blob as Blob });
    return `blob:unreadable-${saved.length}`;
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
    this: HTMLAnchorElement,
  ) {
    const last = saved[saved.length - 1];
    if (last) last.name = this.download;
  });
  return saved;
}

test('user is told about saved generations the app cannot read, can export them as they are, and remove them', async () => {
  const first = await renderApp();
  await openConnection(first.user);
  await pasteInto(first.user, screen.getByLabelText('API key'), KEY);
  await setMany(
    [...readable.map((job) => [job.localId, job] as [string, unknown]), ...unreadable],
    jobsStore(),
  );

  const { user, unmount } = await reloadApp(first);
  const notice = await screen.findByRole(
    'region',
    { name: '3 saved generations could not be read' },
    patient,
  );
  expect(screen.getAllByRole('article')).toHaveLength(2);
  expect(screen.getByText('2 generations, kept in this browser')).toBeVisible();

  const files = capturedFiles();
  await user.click(within(notice).getByRole('button', { name: 'Export them as they are' }));
  expect(files).toHaveLength(1);
  expect(files[0]?.name).toMatch(/^modelslab-studio-unreadable-\d{4}-\d{2}-\d{2}\.json$/);
  const text = (await files[0]?.blob.text()) ?? '';
  expect(text).not.toContain(KEY);
  const exported = JSON.parse(text) as { records: Array<{ key: string; value: unknown }> };
  expect(exported.records.map((row) => row.key).sort()).toEqual([
    'echoed-key',
    'from-the-future',
    'plain-junk',
  ]);
  expect(exported.records.find((row) => row.key === 'plain-junk')?.value).toBe(42);
  expect(exported.records.find((row) => row.key === 'from-the-future')?.value).toMatchObject({
    state: 'teleporting',
  });

  // Removing asks first; "Keep them" keeps them.
  await user.click(within(notice).getByRole('button', { name: 'Remove them' }));
  await user.click(
    within(screen.getByRole('alertdialog', { name: 'Remove what could not be read' })).getByRole(
      'button',
      { name: 'Keep them' },
    ),
  );
  expect((await entries(jobsStore())).length).toBe(5);
  await user.click(within(notice).getByRole('button', { name: 'Remove them' }));
  await user.click(
    within(screen.getByRole('alertdialog', { name: 'Remove what could not be read' })).getByRole(
      'button',
      { name: 'Remove' },
    ),
  );
  await vi.waitFor(
    () => expect(screen.queryByRole('region', { name: /could not be read/ })).toBeNull(),
    patient,
  );
  expect((await entries(jobsStore())).map(([key]) => key).sort()).toEqual(['good-1', 'good-2']);
  expect(screen.getAllByRole('article')).toHaveLength(2);

  await reloadApp({ unmount });
  expect(
    await screen.findByText('2 generations, kept in this browser', undefined, patient),
  ).toBeVisible();
  expect(await screen.findAllByRole('article', undefined, patient)).toHaveLength(2);
  expect(screen.queryByRole('region', { name: /could not be read/ })).toBeNull();
});

test('one saved generation the app cannot read is told in the singular', async () => {
  const first = await renderApp();
  await setMany([['odd-one', { state: 'teleporting' }]], jobsStore());
  const { user } = await reloadApp(first);
  const notice = await screen.findByRole(
    'region',
    { name: '1 saved generation could not be read' },
    patient,
  );
  expect(within(notice).getByRole('button', { name: 'Export it as it is' })).toBeVisible();
  await user.click(within(notice).getByRole('button', { name: 'Remove it' }));
  expect(screen.getByRole('alertdialog')).toHaveTextContent(
    'Remove this generation from this browser for good?',
  );
});
