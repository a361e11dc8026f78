import { screen, within } from '@testing-library/react';
import { delay, HttpResponse, http } from 'msw';
import { beforeEach, expect, test, vi } from 'vitest';
import { etaFor } from './sandbox/handlers';
import {
  API_ORIGIN,
  fetchUrlFor,
  imageUrl,
  type RecordedRequest,
  setupApiServer,
  TEXT2IMG_URL,
} from './test/apiServer';
import { jobRecord } from './test/jobRecords';
import { advance, openConnection, pasteInto, reloadApp, renderApp } from './test/renderApp';

const api = setupApiServer();

const KEY = 'sk-test-0123456789abcdef';
const JOB_ID = 134701497;
const SEED = 3312345678;
const PROMPT = 'a lighthouse on a cliff at sunset';

/** The documented answer when a request is queued (values illustrative). */
const queued = (eta: number) => ({
  status: 'processing',
  tip: 'Upgrade for faster generations.',
  tip_1: 'Bigger pictures take longer.',
  eta,
  messege: 'Try to fetch request after seconds estimated',
  webhook_status: '',
  fetch_result: fetchUrlFor(JOB_ID),
  id: JOB_ID,
  output: [],
  meta: {
    prompt: PROMPT,
    model_id: 'flux',
    W: 1024,
    H: 1024,
    seed: SEED,
    id: String(JOB_ID),
  },
  future_links: [`https://cdn.example.test/generations/${JOB_ID}-0.png`],
});
/** The documented answer to a fetch while the job is still queued: no eta, output "". */
const stillProcessing = { status: 'processing', messege: 'try again later.', output: '' };
const ready = { status: 'success', id: JOB_ID, output: [imageUrl(SEED, 0)] };

const JOB_URL = fetchUrlFor(JOB_ID);
const fetchCalls = () => api.requestsTo(fetchUrlFor(''));

beforeEach(() => {
  vi.useFakeTimers();
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

/** Moves fake time to `ms` after `start`. */
async function advanceTo(start: number, ms: number) {
  const wait = start + ms - Date.now();
  expect(wait).toBeGreaterThanOrEqual(0);
  await advance(wait);
}

const progressbar = () => screen.getByRole('progressbar', { name: 'Making your pictures' });
const callTimes = (start: number) => fetchCalls().map((call) => call.at - start);

test('user can watch a queued picture count down and see it appear at its ETA, after one check', async () => {
  api.answerOnce(TEXT2IMG_URL, queued(7));
  api.answerOnce(JOB_URL, ready);
  const { user } = await renderApp();
  const sentAt = await generate(user);

  expect(progressbar()).toHaveAttribute('aria-valuetext', 'about 7 s left');
  expect(screen.getByText('about 7 s left')).toBeVisible();
  expect(screen.getByRole('button', { name: 'Stop waiting' })).toBeVisible();

  // The tab's title moves on the same tick as the bar.
  const titleMatchesBar = () =>
    expect(document.title).toBe(
      `1 making · ${progressbar().getAttribute('aria-valuenow')} % — ModelsLab Studio`,
    );
  await advanceTo(sentAt, 1000);
  expect(screen.getByText('about 6 s left')).toBeVisible();
  titleMatchesBar();
  for (const at of [1500, 2999, 3001, 3500]) {
    await advanceTo(sentAt, at);
    titleMatchesBar();
  }
  await advanceTo(sentAt, 4000);
  expect(screen.getByText('about 3 s left')).toBeVisible();
  expect(progressbar()).toHaveAttribute('aria-valuetext', 'about 3 s left');
  titleMatchesBar();
  await advanceTo(sentAt, 6999);
  expect(screen.getByText('about 1 s left')).toBeVisible();
  expect(fetchCalls()).toEqual([]);

  await advanceTo(sentAt, 7000);
  const image = screen.getByRole('img', { name: new RegExp(PROMPT) });
  expect(image).toHaveAttribute('src', imageUrl(SEED, 0));
  expect(screen.getByText(String(SEED))).toBeVisible();
  expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
  expect(screen.queryByRole('button', { name: 'Stop waiting' })).not.toBeInTheDocument();

  await advance(60_000);
  await api.settled();
  expect(fetchCalls()).toEqual([
    { method: 'POST', url: JOB_URL, body: { key: KEY }, at: sentAt + 7000 },
  ]);
});

test('the tab title shows the same percent as the bar at every moment, also when the answer took a while', async () => {
  api.server.use(
    http.post(
      TEXT2IMG_URL,
      async () => {
        await delay(400);
        return HttpResponse.json(queued(7));
      },
      { once: true },
    ),
  );
  api.answerOnce(JOB_URL, ready);
  const { user } = await renderApp();
  const sentAt = await generate(user);
  await advanceTo(sentAt, 400);
  expect(progressbar()).toHaveAttribute('aria-valuetext', 'about 7 s left');
  for (const at of [700, 1100, 1500, 2300, 2700, 3100, 4600]) {
    await advanceTo(sentAt, at);
    expect(document.title).toBe(
      `1 making · ${progressbar().getAttribute('aria-valuenow')} % — ModelsLab Studio`,
    );
  }
});

test('user can make a large picture in the simulated API and see it once it is ready', async () => {
  // Not scripted: the sandbox queues 1024×1024 and answers the fetch once its ETA has passed.
  const { user } = await renderApp();
  const sentAt = await generate(user);
  const eta = etaFor({ width: 1024, height: 1024, samples: 1, steps: 30 });
  expect(screen.getByText(`about ${Math.ceil(eta)} s left`)).toBeVisible();

  await advanceTo(sentAt, eta * 1000 - 1);
  expect(fetchCalls()).toEqual([]);
  expect(screen.queryByRole('img', { name: new RegExp(PROMPT) })).not.toBeInTheDocument();

  await advanceTo(sentAt, Math.ceil(eta * 1000));
  expect(screen.getByRole('img', { name: new RegExp(PROMPT) })).toBeVisible();
  await advance(60_000);
  await api.settled();
  expect(fetchCalls()).toHaveLength(1);
  expect(fetchCalls()[0]?.body).toEqual({ key: KEY });
  expect(fetchCalls()[0]?.url).toMatch(/^https:\/\/modelslab\.com\/api\/v6\/images\/fetch\/\d+$/);
});

test('user sees a slow job checked again after 2 s, 3 s and 4.5 s, and told it is taking longer', async () => {
  api.answerOnce(TEXT2IMG_URL, queued(7));
  api.answerOnce(JOB_URL, stillProcessing);
  api.answerOnce(JOB_URL, stillProcessing);
  api.answerOnce(JOB_URL, stillProcessing);
  api.answerOnce(JOB_URL, ready);
  const { user } = await renderApp();
  const sentAt = await generate(user);

  await advanceTo(sentAt, 7000);
  expect(callTimes(sentAt)).toEqual([7000]);
  expect(screen.getByText(/Taking longer than expected/)).toBeVisible();
  expect(progressbar()).toHaveAttribute('aria-valuetext', 'taking longer than expected');
  expect(screen.queryByText(/s left/)).not.toBeInTheDocument();

  await advanceTo(sentAt, 8999);
  expect(callTimes(sentAt)).toEqual([7000]);
  await advanceTo(sentAt, 9000);
  expect(callTimes(sentAt)).toEqual([7000, 9000]);

  await advanceTo(sentAt, 11_999);
  expect(callTimes(sentAt)).toEqual([7000, 9000]);
  await advanceTo(sentAt, 12_000);
  expect(callTimes(sentAt)).toEqual([7000, 9000, 12_000]);
  expect(screen.getByText(/Taking longer than expected/)).toBeVisible();

  await advanceTo(sentAt, 16_499);
  expect(callTimes(sentAt)).toEqual([7000, 9000, 12_000]);
  expect(screen.queryByRole('img', { name: new RegExp(PROMPT) })).not.toBeInTheDocument();
  await advanceTo(sentAt, 16_500);
  expect(callTimes(sentAt)).toEqual([7000, 9000, 12_000, 16_500]);
  expect(screen.getByRole('img', { name: new RegExp(PROMPT) })).toBeVisible();
  expect(screen.queryByText(/Taking longer than expected/)).not.toBeInTheDocument();

  await advance(60_000);
  await api.settled();
  expect(fetchCalls()).toHaveLength(4);
  for (const call of fetchCalls()) expect(call.body).toEqual({ key: KEY });
});

test('user can cancel checking on a job and check again later', async () => {
  api.answerOnce(TEXT2IMG_URL, queued(7));
  api.answerOnce(JOB_URL, stillProcessing);
  api.answerOnce(JOB_URL, ready);
  const { user } = await renderApp();
  const sentAt = await generate(user);

  await advanceTo(sentAt, 7000);
  expect(fetchCalls()).toHaveLength(1);
  await user.click(screen.getByRole('button', { name: 'Stop waiting' }));

  expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
  expect(screen.getByText(/You stopped checking on this job/)).toBeVisible();
  expect(screen.getByText(new RegExp(`Job number ${JOB_ID}`))).toBeVisible();
  await advance(60_000);
  expect(fetchCalls()).toHaveLength(1);

  const resumedAt = Date.now();
  await user.click(screen.getByRole('button', { name: 'Check again' }));
  await advance(0);
  expect(callTimes(sentAt)).toEqual([7000, resumedAt - sentAt]);
  expect(screen.getByRole('img', { name: new RegExp(PROMPT) })).toHaveAttribute(
    'src',
    imageUrl(SEED, 0),
  );
  expect(screen.queryByRole('button', { name: 'Check again' })).not.toBeInTheDocument();
  await advance(60_000);
  expect(fetchCalls()).toHaveLength(2);
});

test('user who stops waiting while a check is on its way still gets the pictures it brings', async () => {
  api.answerOnce(TEXT2IMG_URL, queued(7));
  // The service takes 3 s to answer the first check.
  api.server.use(
    http.post(JOB_URL, async () => {
      await delay(3000);
      return HttpResponse.json(ready);
    }),
  );
  const { user } = await renderApp();
  const sentAt = await generate(user);

  await advanceTo(sentAt, 7000);
  expect(callTimes(sentAt)).toEqual([7000]);
  await user.click(screen.getByRole('button', { name: 'Stop waiting' }));
  expect(screen.getByText(/You stopped checking on this job/)).toBeVisible();

  await advance(3000);
  expect(screen.getByRole('img', { name: new RegExp(PROMPT) })).toHaveAttribute(
    'src',
    imageUrl(SEED, 0),
  );
  expect(screen.queryByText(/You stopped checking on this job/)).not.toBeInTheDocument();
  await advance(60_000);
  expect(fetchCalls()).toHaveLength(1);
});

test('user sees a job that never finishes stop being checked after 5 minutes, and can check again', async () => {
  api.answerOnce(TEXT2IMG_URL, queued(7));
  api.server.use(http.post(fetchUrlFor(':id'), () => HttpResponse.json(stillProcessing)));
  const { user } = await renderApp();
  const sentAt = await generate(user);

  await advanceTo(sentAt, 4.5 * 60_000);
  expect(progressbar()).toBeVisible();
  expect(screen.queryByRole('button', { name: 'Check again' })).not.toBeInTheDocument();

  // It gives up at the first check after 5 minutes (checks are at most 10 s apart).
  await advanceTo(sentAt, 5 * 60_000 + 10_000);
  expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
  const notice = screen.getByText(/Still not ready after 5 minutes/);
  expect(notice).toBeVisible();
  const checks = fetchCalls().length;
  const lastCheck = callTimes(sentAt).at(-1) ?? 0;
  expect(lastCheck).toBeGreaterThanOrEqual(5 * 60_000);
  expect(lastCheck).toBeLessThanOrEqual(5 * 60_000 + 10_000);
  // Checks never come closer than 2 s apart nor further than 10 s.
  const gaps = callTimes(sentAt).map((at, i, all) => at - (all[i - 1] ?? at - 7000));
  for (const gap of gaps.slice(1)) {
    expect(gap).toBeGreaterThanOrEqual(2000);
    expect(gap).toBeLessThanOrEqual(10_000);
  }

  await advance(60_000);
  expect(fetchCalls()).toHaveLength(checks);

  const card = screen.getByRole('article', { name: new RegExp(PROMPT) });
  await user.click(within(card).getByRole('button', { name: 'Check again' }));
  await advance(0);
  expect(fetchCalls()).toHaveLength(checks + 1);
  expect(progressbar()).toBeVisible();
});

test('user sees an alert when the service says the job failed, and checking stops', async () => {
  api.answerOnce(TEXT2IMG_URL, queued(7));
  api.answerOnce(JOB_URL, {
    status: 'failed',
    id: '',
    message: 'Generation failed: the model crashed',
    output: '',
  });
  const { user } = await renderApp();
  const sentAt = await generate(user);

  await advanceTo(sentAt, 7000);
  const alert = screen.getByRole('alert');
  expect(alert).toHaveTextContent('The service could not make this picture');
  expect(alert).toHaveTextContent('Generation failed: the model crashed');
  expect(within(alert).getByRole('link', { name: 'Contact ModelsLab support' })).toHaveAttribute(
    'href',
    'https://modelslab.com/support',
  );
  expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();

  await advance(60_000);
  expect(fetchCalls()).toHaveLength(1);
});

test('user still gets the pictures when one check meets a passing server error', async () => {
  api.answerOnce(TEXT2IMG_URL, queued(7));
  api.answerOnce(
    JOB_URL,
    { status: 'error', message: 'Internal server error. Please try again.' },
    { status: 500 },
  );
  api.answerOnce(JOB_URL, ready);
  const { user } = await renderApp();
  const sentAt = await generate(user);

  await advanceTo(sentAt, 7000);
  expect(callTimes(sentAt)).toEqual([7000]);
  expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  expect(progressbar()).toBeVisible();

  await advance(10_000);
  // Asked again after a pause (not hammered at once), well before giving up.
  const [first = 0, retry = 0] = callTimes(sentAt);
  expect(fetchCalls()).toHaveLength(2);
  expect(retry - first).toBeGreaterThanOrEqual(500);
  expect(retry - first).toBeLessThanOrEqual(10_000);
  expect(screen.getByRole('img', { name: new RegExp(PROMPT) })).toHaveAttribute(
    'src',
    imageUrl(SEED, 0),
  );
  expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  await advance(60_000);
  expect(fetchCalls()).toHaveLength(2);
});

// A reload mid-job: the record was stored before the request went out.
test('user can reload the page while a picture is queued and still get it', async () => {
  api.answerOnce(TEXT2IMG_URL, queued(7));
  api.answerOnce(JOB_URL, ready);
  const view = await renderApp();
  const sentAt = await generate(view.user);
  await advanceTo(sentAt, 2000);
  expect(screen.getByText('about 5 s left')).toBeVisible();

  await reloadApp(view);
  await advanceTo(sentAt, 7000);
  expect(screen.getByRole('article', { name: new RegExp(PROMPT) })).toBeVisible();
  expect(screen.getByRole('img', { name: new RegExp(PROMPT) })).toHaveAttribute(
    'src',
    imageUrl(SEED, 0),
  );
  await api.settled();
  expect(fetchCalls().map((call) => call.body)).toEqual([{ key: KEY }]);
});

test('user who pasted the key with a trailing space still gets a queued picture', async () => {
  api.answerOnce(TEXT2IMG_URL, queued(7));
  api.answerOnce(JOB_URL, ready);
  // In front of those answers: a server that accepts only the exact key, as a key lookup does.
  api.server.use(
    http.post(`${API_ORIGIN}/api/v6/images/*`, async ({ request }) => {
      const { key } = (await request.clone().json()) as { key?: unknown };
      if (key === KEY) return undefined;
      return HttpResponse.json({ status: 'error', message: 'Invalid API key' }, { status: 401 });
    }),
  );
  const { user } = await renderApp();
  await openConnection(user);
  await user.click(screen.getByLabelText('API key'));
  await user.paste(`${KEY} `);
  await user.type(screen.getByLabelText('Prompt'), PROMPT);
  await user.click(screen.getByRole('button', { name: 'Generate' }));
  await advance(0);
  const sentAt = api.requests[0]?.at ?? 0;
  expect(screen.getByText('about 7 s left')).toBeVisible();

  await advanceTo(sentAt, 7000);
  expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  expect(screen.getByRole('img', { name: new RegExp(PROMPT) })).toBeVisible();
  await api.settled();
  expect(api.requests.map((r) => r.body)).toEqual([
    expect.objectContaining({ key: KEY }),
    { key: KEY },
  ]);
});

/*
 * Answers noted as they come (features/jobs/answerNotes.ts): a page closed as its answer
 * came, before storing it, leaves a note the next page applies; odd notes change nothing.
 */
const NOTES_KEY = 'modelslab-studio.answers';

type Note = { answer: Record<string, unknown>; at: number };
const readNotes = (): Record<string, Note> =>
  JSON.parse(localStorage.getItem(NOTES_KEY) ?? '{}') as Record<string, Note>;
const writeNotes = (notes: Record<string, Note>) =>
  localStorage.setItem(NOTES_KEY, JSON.stringify(notes));

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

test('a page closed as its answer came, before storing it: the next page has the job number and gets the picture, sending nothing again', async () => {
  api.answerOnce(JOB_URL, ready);
  const { view, sentAt } = await answeredAsThePageCloses();
  expect(screen.getByText('about 5 s left')).toBeVisible();

  await reloadApp(view);
  // Checked when the answer said, 7 s after it came.
  await advanceTo(sentAt, 8000);
  expect(card()).toHaveTextContent('· done');
  expect(card()).not.toHaveTextContent('Unknown');
  expect(screen.getByRole('img', { name: new RegExp(PROMPT) })).toHaveAttribute(
    'src',
    imageUrl(SEED, 0),
  );
  await api.settled();
  expect(api.requestsTo(TEXT2IMG_URL)).toHaveLength(1);
  expect(fetchCalls().map((call) => call.body)).toEqual([{ key: KEY }]);
});

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
