import { screen } from '@testing-library/react';
import { afterEach, expect, test, vi } from 'vitest';
import { setupApiServer } from '../../test/apiServer';
import { jobRecord } from '../../test/jobRecords';
import { renderApp } from '../../test/renderApp';
import { loadJobs } from '../jobs';
import { HISTORY_FILE_APP } from './historyFile';

setupApiServer();

/** On a busy machine the page takes its time: wait for what shows, not for a set time. */
const patient = { timeout: 10_000 };

/**
 * Storage that can be held still: while `held`, no read-write transaction starts, as when
 * the disk is slow or the page is about to be reloaded before the browser gets to them.
 */
const storage = vi.hoisted(() => ({ held: false, release: [] as (() => void)[] }));
vi.mock('idb-keyval', async (importOriginal) => {
  const real = await importOriginal<typeof import('idb-keyval')>();
  const createStore: typeof real.createStore = (dbName, storeName) => {
    const store = real.createStore(dbName, storeName);
    return (mode, callback) =>
      storage.held && mode === 'readwrite'
        ? new Promise<void>((resolve) => storage.release.push(resolve)).then(() =>
            store(mode, callback),
          )
        : store(mode, callback);
  };
  return { ...real, createStore };
});

function letStorageGo() {
  storage.held = false;
  for (const release of storage.release.splice(0)) release();
}
afterEach(letStorageGo);

/** The import's own line: what it is doing, then what it did (other parts have theirs). */
const importStatus = async (text: string | RegExp) => {
  const line = await screen.findByText(text, undefined, patient);
  expect(line).toHaveRole('status');
  return line;
};

const exportOf = (jobs: unknown[]) =>
  JSON.stringify({ app: HISTORY_FILE_APP, version: 1, exportedAt: '2025-01-01', jobs });

const historyFile = (text: string) =>
  new File([text], 'history.json', { type: 'application/json' });

const records = (count: number) =>
  Array.from({ length: count }, (_, i) =>
    jobRecord(`imported-${i}`, { createdAt: 1_700_000_000_000 + i * 1000 }),
  );

async function openEmptyHistory() {
  const view = await renderApp();
  expect(
    await screen.findByText('Your pictures will appear here.', undefined, patient),
  ).toBeVisible();
  return view;
}

test('user importing a file is told "Imported" only once every generation is stored, and sees progress meanwhile', async () => {
  const { user } = await openEmptyHistory();
  storage.held = true;
  await user.upload(
    screen.getByLabelText('History file to import'),
    historyFile(exportOf(records(30))),
  );

  // Nothing is stored yet: the line says so, whatever it says first.
  expect(await screen.findByText(/^Import(ing|ed)/, undefined, patient)).toHaveTextContent(
    'Importing… 0 of 30 generations',
  );
  await importStatus('Importing… 0 of 30 generations');
  expect(screen.getByRole('progressbar', { name: 'Importing history' })).toBeVisible();
  expect(screen.queryByText(/^Imported/)).toBeNull();
  expect(screen.getByRole('button', { name: 'Import history' })).toBeDisabled();
  expect(await loadJobs()).toEqual([]);

  letStorageGo();
  await importStatus('Imported 30 generations.');
  expect(screen.queryByRole('progressbar', { name: 'Importing history' })).toBeNull();
  expect(await loadJobs()).toHaveLength(30);
  expect(screen.getByText('30 generations, kept in this browser')).toBeVisible();
  // Newest first, as always.
  expect(screen.getAllByRole('article')[0]).toHaveAccessibleName('Generation: picture imported-29');
});

test('user choosing a file beyond the size limit is told the limit, and the file is not read', async () => {
  const { user } = await openEmptyHistory();
  const file = historyFile(exportOf(records(1)));
  Object.defineProperty(file, 'size', { value: 26 * 1024 * 1024 });
  const read = vi.spyOn(file, 'text');
  await user.upload(screen.getByLabelText('History file to import'), file);

  await importStatus(
    'This file is too big to import (26.0 MB). The app imports up to 20000 generations (a file of up to 25 MB) at a time, so that this page stays quick.',
  );
  expect(read).not.toHaveBeenCalled();
  expect(await loadJobs()).toEqual([]);
  expect(screen.getByText('Your pictures will appear here.')).toBeVisible();
});

test('user choosing a file of more generations than the limit is told the limit, and nothing is imported', async () => {
  const { user } = await openEmptyHistory();
  const tooMany = [...records(3), ...Array.from({ length: 19_998 }, () => ({}))];
  await user.upload(
    screen.getByLabelText('History file to import'),
    historyFile(exportOf(tooMany)),
  );

  await importStatus(
    'This file holds 20001 generations: too many to import. The app imports up to 20000 generations (a file of up to 25 MB) at a time, so that this page stays quick.',
  );
  expect(await loadJobs()).toEqual([]);
  expect(screen.getByText('Your pictures will appear here.')).toBeVisible();
});
