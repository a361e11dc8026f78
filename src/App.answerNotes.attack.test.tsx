import { screen } from '@testing-library/react';
import { delay, http } from 'msw';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import {
  fetchUrlFor,
  imageUrl,
  type RecordedRequest,
  setupApiServer,
  TEXT2IMG_URL,
} from './test/apiServer';
import { jobRecord } from './test/jobRecords';
import { advance, openConnection, pasteInto, reloadApp, renderApp } from './test/renderApp';

/*
 * Attacks on the noted answers (features/jobs/answerNotes.ts): a page closed as its
 * answer came leaves a note the next page applies. Each test below makes the note odd.
 */

const api = setupApiServer();

const NOTES_KEY = 'modelslab-studio.answers';
const KEY = 'sk-test-0123456789abcdef';
const JOB_ID = 134701497;
const SEED = 3312345678;
const PROMPT = 'a lighthouse on a cliff at sunset';
const JOB_URL = fetchUrlFor(JOB_ID);
const fetchCalls = () => api.requestsTo(fetchUrlFor(''));

const queued = (eta: number) => ({
  status: 'processing',
  eta,
  messege: 'Try to fetch request after seconds estimated',
  fetch_result: JOB_URL,
  id: JOB_ID,
  output: [],
  meta: { seed: SEED },
  future_links: [],
});
const ready = { status: 'success', id: JOB_ID, output: [imageUrl(SEED, 0)] };

type Note = { answer: Record<string, unknown>; at: number };
const readNotes = (): Record<string, Note> =>
  JSON.parse(localStorage.getItem(NOTES_KEY) ?? '{}') as Record<string, Note>;
const writeNotes = (notes: Record<string, Note>) =>
  localStorage.setItem(NOTES_KEY, JSON.stringify(notes));

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** Fills the form for one 1024×1024 picture and presses Generate; returns when it was sent. */
async function generate(user: Awaited<ReturnType<typeof renderApp>>['user']): Promise<number> {
  await openConnection(user);
  await pasteInto(user, screen.getByLabelText('API key'), KEY);
  await user.type(screen.getByLabelText('Prompt'), PROMPT);
  for (const label of ['Width', 'Height']) {
    await user.clear(screen.getByLabelText(label));
    await user.type(screen.getByLabelText(label), '1024');
  }
  await user.click(screen.getByRole('button', { name: 'Generate' }));
  await advance(0);
  const sent = api.requestsTo(TEXT2IMG_URL);
  expect(sent).toHaveLength(1);
  return (sent[0] as RecordedRequest).at;
}

/** Sends one picture whose answer comes but is never stored (the page is closing). */
async function answeredAsThePageCloses(answer: object = queued(7)) {
  api.answerOnce(TEXT2IMG_URL, answer);
  const put = IDBObjectStore.prototype.put;
  const storing = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
    this: IDBObjectStore,
    value: unknown,
    key?: IDBValidKey,
  ) {
    if ((value as { state?: string } | null)?.state === 'processing') {
      this.transaction.abort();
      return undefined as unknown as IDBRequest<IDBValidKey>;
    }
    return put.call(this, value, key);
  });
  const view = await renderApp();
  const sentAt = await generate(view.user);
  await advance(2000);
  storing.mockRestore();
  const notes = readNotes();
  const [localId] = Object.keys(notes);
  expect(localId).toBeDefined();
  return { view, sentAt, localId: localId as string, note: notes[localId as string] as Note };
}

const card = () => screen.getByRole('article', { name: new RegExp(PROMPT) });

test('a note whose time is hours ahead (the clock was set back since): the picture is still checked at its ETA, not hours later', async () => {
  const { view, localId, note } = await answeredAsThePageCloses();
  writeNotes({ [localId]: { ...note, at: Date.now() + 3 * 60 * 60 * 1000 } });
  api.answerOnce(JOB_URL, ready);

  await reloadApp(view);
  // Its 7 s count from when this page found it (the note's own time cannot be trusted).
  await advance(15_000);
  expect(card()).toHaveTextContent('· done');
  expect(screen.getByRole('img', { name: new RegExp(PROMPT) })).toHaveAttribute(
    'src',
    imageUrl(SEED, 0),
  );
  expect(api.requests.filter((call) => call.url === TEXT2IMG_URL)).toHaveLength(1);
  expect(fetchCalls()).toHaveLength(1);
});

test('a note beside a corrupted one (a javascript: link, a wrong shape): the good note still saves its job', async () => {
  const { view, localId, note } = await answeredAsThePageCloses();
  writeNotes({
    [localId]: note,
    hostile: {
      answer: { status: 'success', id: '1', images: ['javascript:alert(1)'], nsfw: false },
      at: Date.now(),
    },
    junk: 'not a note' as unknown as Note,
  });
  api.answerOnce(JOB_URL, ready);

  await reloadApp(view);
  await advance(8000);
  expect(card()).toHaveTextContent('· done');
  expect(card()).not.toHaveTextContent('Unknown');
  expect(fetchCalls().map((call) => call.body)).toEqual([{ key: KEY }]);
  expect(document.body.innerHTML.includes('javascript:')).toBe(false);
});

test('a note whose picture link holds the key: the key is neither shown, stored nor sent anywhere', async () => {
  const { view, localId, note } = await answeredAsThePageCloses();
  const leaky = `https://cdn.example.test/x.png?key=${KEY}`;
  writeNotes({
    [localId]: {
      at: note.at,
      answer: { status: 'success', id: String(JOB_ID), images: [leaky], nsfw: false },
    },
  });

  await reloadApp(view);
  await advance(1000);
  expect(document.body.innerHTML.includes(KEY)).toBe(false);
  const { jobStore } = await import('./features/jobs');
  expect(JSON.stringify(jobStore.list())).not.toContain(KEY);
  expect(localStorage.getItem(NOTES_KEY) ?? '').not.toContain(KEY);
});

test('a job imported from a file, found "unknown", is not moved on by a note that has its id', async () => {
  const view = await renderApp();
  const { saveJob } = await import('./features/jobs/jobPersistence');
  // As an import leaves it: no sender, nothing sent or checked by itself.
  await saveJob(
    jobRecord('imported-1', {
      state: 'unknown',
      connection: 'modelslab',
      baseUrl: 'https://modelslab.com',
    }),
  );
  writeNotes({
    'imported-1': {
      at: Date.now(),
      answer: {
        status: 'processing',
        id: 'noted-9',
        futureLinks: [],
        message: '',
        fetchUrl: fetchUrlFor('noted-9'),
      },
    },
  });
  await reloadApp(view);
  await advance(10_000);
  const { jobStore } = await import('./features/jobs');
  expect(jobStore.get('imported-1')?.state).toBe('unknown');
  expect(screen.getByRole('button', { name: /Send it again/ })).toBeVisible();
  expect(api.requests).toHaveLength(0);
});

test('a sandbox send cut off by a reload is settled with the simulator, never by a note', async () => {
  const view = await renderApp();
  const { saveJob } = await import('./features/jobs/jobPersistence');
  await saveJob(
    jobRecord('sandbox-1', { state: 'unknown', sender: 'a-closed-tab', requestName: 'never-sent' }),
  );
  writeNotes({
    'sandbox-1': {
      at: Date.now(),
      answer: { status: 'success', id: 'noted-9', images: [imageUrl(1, 0)], nsfw: false },
    },
  });
  await reloadApp(view);
  await advance(1000);
  const { jobStore } = await import('./features/jobs');
  expect(jobStore.get('sandbox-1')?.remoteId).not.toBe('noted-9');
  expect(document.body.innerHTML).not.toContain(imageUrl(1, 0));
});

test('storage full: the note cannot be written, and the picture still comes from one request', async () => {
  const setItem = Storage.prototype.setItem;
  vi.spyOn(Storage.prototype, 'setItem').mockImplementation(function (this: Storage, name, value) {
    if (name === NOTES_KEY) throw new DOMException('full', 'QuotaExceededError');
    setItem.call(this, name, value);
  });
  api.answerOnce(TEXT2IMG_URL, queued(7));
  api.answerOnce(JOB_URL, ready);
  const view = await renderApp();
  const sentAt = await generate(view.user);
  await advance(sentAt + 8000 - Date.now());
  expect(card()).toHaveTextContent('· done');
  expect(api.requests.filter((call) => call.url === TEXT2IMG_URL)).toHaveLength(1);
  expect(fetchCalls()).toHaveLength(1);
});

test('an answer with a long message and a long signed link: still noted, and the next page gets the picture', async () => {
  const { view } = await answeredAsThePageCloses({
    ...queued(7),
    messege: `Try to fetch request after seconds estimated. ${'Tip. '.repeat(600)}`,
    future_links: [`https://cdn.example.test/${JOB_ID}-0.png?signature=${'a'.repeat(2100)}`],
  });
  api.answerOnce(JOB_URL, ready);
  await reloadApp(view);
  await advance(15_000);
  expect(card()).toHaveTextContent('· done');
  expect(fetchCalls().map((call) => call.body)).toEqual([{ key: KEY }]);
});

test('a note left by an earlier send of the job is not taken for the answer to "Try again", whose page closed mid-send', async () => {
  const down = { status: 'error', message: 'Service temporarily unavailable.' };
  for (let i = 0; i < 3; i += 1) api.answerOnce(TEXT2IMG_URL, down, { status: 503 });
  const view = await renderApp();
  await generate(view.user);
  // Sent again after 1 s and 2 s (the retrying state), then it fails.
  await advance(1000);
  await advance(2000);
  const tryAgain = screen.getByRole('button', { name: 'Try again' });
  const { jobStore } = await import('./features/jobs');
  const [job] = jobStore.list();
  // As if an earlier send's answer had been noted and never forgotten.
  writeNotes({
    [job?.localId ?? '']: {
      at: Date.now(),
      answer: { status: 'success', id: 'stale-1', images: [imageUrl(1, 0)], nsfw: false },
    },
  });
  // The new request never comes back: the page is closed while it is on its way.
  api.server.use(http.post(TEXT2IMG_URL, () => delay('infinite')));
  await view.user.click(tryAgain);
  await advance(0);
  expect(api.requestsTo(TEXT2IMG_URL)).toHaveLength(4);

  await reloadApp(view);
  await advance(5000);
  expect(card()).toHaveTextContent('Unknown');
  expect(document.body.innerHTML.includes(imageUrl(1, 0))).toBe(false);
  expect(api.requestsTo(TEXT2IMG_URL)).toHaveLength(4);
  expect(fetchCalls()).toHaveLength(0);
});

test('a note written by another tab after this one found the job "unknown" (that tab was busy, then closed) is applied here at once', async () => {
  const view = await renderApp();
  const { saveJob } = await import('./features/jobs/jobPersistence');
  await saveJob(
    jobRecord('busy-1', {
      state: 'unknown',
      connection: 'modelslab',
      baseUrl: 'https://modelslab.com',
      sender: 'a-busy-tab',
      createdAt: Date.now(),
    }),
  );
  await reloadApp(view);
  await advance(1000);
  const busyCard = () => screen.getByRole('article', { name: /picture busy-1/ });
  expect(busyCard()).toHaveTextContent('Unknown');

  // The other tab notes its answer (the browser tells this tab), and closes before storing it.
  const notes = JSON.stringify({
    'busy-1': {
      at: Date.now(),
      answer: { status: 'success', id: '77', images: [imageUrl(SEED, 0)], nsfw: false },
    },
  });
  localStorage.setItem(NOTES_KEY, notes);
  window.dispatchEvent(
    new StorageEvent('storage', { key: NOTES_KEY, newValue: notes, storageArea: localStorage }),
  );
  await advance(0);
  expect(busyCard()).toHaveTextContent('· done');
  expect(screen.getByRole('img', { name: /picture busy-1/ })).toHaveAttribute(
    'src',
    imageUrl(SEED, 0),
  );
  expect(api.requests).toHaveLength(0);
});

test('"Clear all" forgets noted answers too: no job number or picture link is kept of a cleared history', async () => {
  await renderApp();
  writeNotes({
    'gone-1': {
      at: Date.now(),
      answer: { status: 'success', id: '77', images: [imageUrl(SEED, 0)], nsfw: false },
    },
  });
  const { jobStore } = await import('./features/jobs');
  await jobStore.clear();
  expect(localStorage.getItem(NOTES_KEY)).toBeNull();
});
