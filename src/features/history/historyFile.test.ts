import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { tabId } from '../../lib/tabs';
import { setupApiServer, TEXT2IMG_URL } from '../../test/apiServer';
import { openConnection, renderApp } from '../../test/renderApp';
import {
  addGeneration,
  afterImport,
  importedRecord,
  type JobRecord,
  jobStore,
  loadJobs,
} from '../jobs';

import {
  HISTORY_FILE_APP,
  historyFileContents,
  historyFileName,
  NOT_A_HISTORY_FILE,
  parseHistoryFile as parseWith,
  UNREADABLE_EXPORT,
} from './historyFile';
import { unreadableFileContents } from './unreadableFile';

/** The file read as the app reads it: each entry through the jobs feature's reader. */
const parseHistoryFile = (text: string) => parseWith(text, importedRecord);

const api = setupApiServer();

/** A key no record, file or message should ever hold; recognisable in any of them. */
const KEY = 'sk-HISTORY-SECRET-7f3a9c21d4e8b6';

const NOT_JSON = NOT_A_HISTORY_FILE;
const NOT_EXPORT = NOT_A_HISTORY_FILE;

afterEach(async () => {
  await jobStore.reset();
});

function record(patch: Partial<JobRecord> = {}): JobRecord {
  return {
    localId: 'job-done',
    createdAt: 1_700_000_000_000,
    kind: 'text2img',
    params: {
      prompt: 'a lighthouse on a cliff',
      negative_prompt: 'blurry',
      model_id: 'flux',
      width: 1024,
      height: 768,
      samples: 2,
      num_inference_steps: 30,
      guidance_scale: 7.5,
      seed: 42,
    },
    connection: 'modelslab',
    baseUrl: 'https://modelslab.com',
    state: 'done',
    attempts: 1,
    remoteId: '134701497',
    images: ['https://cdn.example.test/a-0.png', 'https://cdn.example.test/a-1.png'],
    seed: '42',
    generationTime: 3.21,
    nsfw: false,
    finishedAt: 1_700_000_004_000,
    ...patch,
  };
}

/** One record in each state a stored history can hold, with optional fields set and not. */
const history: JobRecord[] = [
  record(),
  record({
    localId: 'job-processing',
    createdAt: 1_700_000_100_000,
    state: 'processing',
    images: [],
    seed: undefined,
    generationTime: undefined,
    nsfw: undefined,
    finishedAt: undefined,
    fetchUrl: 'https://modelslab.com/api/v6/images/fetch/134701498',
    etaSeconds: 12.5,
    pollStartedAt: 1_700_000_100_500,
    firstPollAt: 1_700_000_113_000,
  }),
  record({
    localId: 'job-error',
    createdAt: 1_700_000_200_000,
    params: { ...record().params, negative_prompt: undefined, seed: null },
    state: 'failed',
    images: [],
    remoteId: undefined,
    seed: undefined,
    error: {
      kind: 'invalid-field',
      serverMessage: 'width must be between 256 and 1024',
      httpStatus: 400,
      fieldErrors: { width: ['width must be between 256 and 1024'] },
    },
  }),
  record({ localId: 'job-cancelled', state: 'cancelled', images: [], remoteId: undefined }),
  record({ localId: 'job-stopped', state: 'stopped', images: [] }),
  record({ localId: 'job-stalled', state: 'stalled', images: [] }),
  record({ localId: 'job-unknown', state: 'unknown', images: [], attempts: 1 }),
  record({
    localId: 'job-inline',
    connection: 'sandbox',
    baseUrl: 'https://sandbox.modelslab.invalid',
    images: ['data:image/png;base64,iVBORw0KGgo='],
  }),
];

function exportOf(jobs: unknown[]): string {
  return JSON.stringify({ app: HISTORY_FILE_APP, version: 1, exportedAt: '2025-01-01', jobs });
}

describe('export', () => {
  test('records queued through the app hold no API key, so neither does their export', async () => {
    const connection = {
      kind: 'modelslab' as const,
      baseUrl: 'https://modelslab.com',
      apiKey: KEY,
    };
    addGeneration(
      {
        prompt: 'a fox',
        model_id: 'flux',
        width: 512,
        height: 512,
        samples: 1,
        num_inference_steps: 30,
        guidance_scale: 7.5,
        seed: null,
      },
      connection,
    );
    const queued = jobStore.list()[0];
    expect(queued).toBeDefined();
    await jobStore.dispatch(queued?.localId ?? '', { type: 'send-started', by: tabId });
    await jobStore.saved(queued?.localId ?? '');

    const text = historyFileContents(jobStore.list());
    expect(text).not.toContain(KEY);
    expect(JSON.stringify(await loadJobs())).not.toContain(KEY);
    const parsed = parseHistoryFile(text);
    expect(parsed).toEqual({ jobs: [expect.objectContaining({ state: 'unknown' })], skipped: 0 });
  });

  test('a key echoed in a stored message by an older version is taken out of the file, in any case', () => {
    const echoed = history.map((job) => ({
      ...job,
      error: { kind: 'key' as const, serverMessage: `Invalid key ${KEY.toUpperCase()} (${KEY})` },
    }));
    const text = historyFileContents(echoed, KEY);
    expect(text.toLowerCase()).not.toContain(KEY.toLowerCase());
    expect(text).toContain('Invalid key [your API key] ([your API key])');
  });

  test('the file is named for the day and says what it is', () => {
    const now = new Date('2025-03-04T23:59:00Z');
    expect(historyFileName(now)).toBe('modelslab-studio-history-2025-03-04.json');
    expect(JSON.parse(historyFileContents(history, '', now))).toEqual({
      app: 'modelslab-studio',
      version: 1,
      exportedAt: '2025-03-04T23:59:00.000Z',
      jobs: JSON.parse(JSON.stringify(history)),
    });
  });
});

describe('parseHistoryFile', () => {
  test('an export read back gives the same records, settled as imports are', () => {
    expect(parseHistoryFile(historyFileContents(history))).toEqual({
      jobs: history.map(afterImport),
      skipped: 0,
    });
  });

  test('an imported job that was being made is not checked by itself, and no tab owns it', () => {
    const imported = parseHistoryFile(
      exportOf([record({ state: 'processing', remoteId: '77', sender: 'tab-1' })]),
    );
    expect(imported).toEqual({
      jobs: [expect.objectContaining({ state: 'stalled', remoteId: '77' })],
      skipped: 0,
    });
    expect('jobs' in imported ? imported.jobs[0] : imported).not.toHaveProperty('sender');
  });

  test('an empty export is read as no records', () => {
    expect(parseHistoryFile(historyFileContents([]))).toEqual({ jobs: [], skipped: 0 });
  });

  test('unreadable entries are skipped and counted; the readable ones are kept', () => {
    const { localId: _dropped, ...withoutId } = record();
    const text = exportOf([
      record({ localId: 'good-1' }),
      null,
      'a string',
      42,
      [],
      {},
      withoutId,
      { ...record(), localId: '' },
      { ...record(), state: 'finished' },
      { ...record(), connection: 'elsewhere' },
      { ...record(), params: { ...record().params, width: '1024' } },
      { ...record(), params: { ...record().params, guidance_scale: null } },
      { ...record(), createdAt: 'yesterday' },
      { ...record(), images: 'https://cdn.example.test/a.png' },
      { ...record(), error: { kind: 'gremlins' } },
      record({ localId: 'good-2' }),
    ]);
    const result = parseHistoryFile(text);
    expect(result).toEqual({
      jobs: [record({ localId: 'good-1' }), record({ localId: 'good-2' })],
      skipped: 14,
    });
  });

  test.each([
    'javascript:alert(1)',
    'JavaScript:alert(document.cookie)',
    ' javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'data:image/svg+xml,<svg onload="alert(1)"/>',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    '/relative/picture.png',
    'not a url',
  ])('an entry with the image address %j is unreadable and skipped', (url) => {
    const text = exportOf([
      record({ localId: 'bad', images: ['https://cdn.example.test/ok.png', url] }),
      record({ localId: 'good' }),
    ]);
    expect(parseHistoryFile(text)).toEqual({ jobs: [record({ localId: 'good' })], skipped: 1 });
  });

  test('an empty file says so', () => {
    expect(parseHistoryFile(' \n')).toEqual({ error: 'This file is empty.' });
  });

  test('a file of unreadable records saved by "Export them as they are" says it cannot be imported, and why', () => {
    const text = JSON.stringify({ app: HISTORY_FILE_APP, contents: 'x', records: [] });
    expect(parseHistoryFile(text)).toEqual({ error: expect.stringContaining('could not read') });
  });

  test.each([
    ['plain text', 'hello'],
    ['cut short', exportOf([record()]).slice(0, 80)],
    ['HTML', '<!doctype html><p>not this</p>'],
  ])('a file that is not JSON (%s) gives the error message', (_name, text) => {
    expect(parseHistoryFile(text)).toEqual({ error: NOT_JSON });
  });

  test.each([
    ['null', 'null'],
    ['a number', '42'],
    ['a list of records', JSON.stringify([record()])],
    ['an object of another kind', JSON.stringify({ jobs: [record()] })],
    ['another app', JSON.stringify({ app: 'other-studio', version: 1, jobs: [] })],
    ['a later version', JSON.stringify({ app: HISTORY_FILE_APP, version: 2, jobs: [] })],
    ['no version', JSON.stringify({ app: HISTORY_FILE_APP, jobs: [] })],
    ['jobs not a list', JSON.stringify({ app: HISTORY_FILE_APP, version: 1, jobs: {} })],
  ])('JSON that is not an export (%s) gives the error message', (_name, text) => {
    expect(parseHistoryFile(text)).toEqual({ error: NOT_EXPORT });
  });

  test('a record caught while sending is imported as unknown, never to be sent again by itself', () => {
    const result = parseHistoryFile(
      exportOf([record({ localId: 'in-flight', state: 'sending', images: [] })]),
    );
    expect(result).toEqual({
      jobs: [record({ localId: 'in-flight', state: 'unknown', images: [] })],
      skipped: 0,
    });
  });

  test('records waiting to be sent are imported as cancelled, without a retry time', () => {
    const result = parseHistoryFile(
      exportOf([
        record({ localId: 'waiting', state: 'waiting', images: [], attempts: 0 }),
        record({ localId: 'retrying', state: 'retrying', images: [], retryAt: 1_700_000_009_000 }),
      ]),
    );
    expect('jobs' in result ? result.jobs.map((job) => [job.state, job.retryAt]) : result).toEqual([
      ['cancelled', undefined],
      ['cancelled', undefined],
    ]);
  });

  test('fields a record does not have (a key someone added, say) are dropped on import', () => {
    const result = parseHistoryFile(
      exportOf([{ ...record(), key: KEY, apiKey: KEY, params: { ...record().params, key: KEY } }]),
    );
    expect(result).toEqual({ jobs: [record()], skipped: 0 });
    expect(JSON.stringify(result)).not.toContain(KEY);
  });
});

/**
 * The app's own path, in jsdom: a person generates (the service also echoes the key back in
 * an error), then clicks "Export history"; the file the browser would save is read back.
 */
async function exportThroughTheApp(user: Awaited<ReturnType<typeof renderApp>>['user']) {
  const saved: Blob[] = [];
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    saved.push(blob as Blob);
    return `blob:history-${saved.length}`;
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
  const names: string[] = [];
  // jsdom cannot follow a download link; the app's click is where the file would be saved.
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
    this: HTMLAnchorElement,
  ) {
    names.push(this.download);
  });
  const toggle = screen.getByRole('button', { name: 'Export history' });
  await user.click(toggle);
  // The choices open where the keyboard is; Escape closes them, back on the toggle.
  const json = screen.getByRole('button', { name: 'History only (.json)' });
  expect(json).toHaveFocus();
  expect(json).toHaveAccessibleDescription(/A small file with the prompts and settings/);
  await user.keyboard('{Escape}');
  expect(screen.queryByRole('group', { name: 'Export history' })).toBeNull();
  expect(toggle).toHaveFocus();
  await user.click(toggle);
  await user.click(screen.getByRole('button', { name: 'History only (.json)' }));
  // The file's writer loads on demand: the file is saved once it is here.
  await vi.waitFor(() => expect(saved).toHaveLength(1));
  expect(names).toEqual([expect.stringMatching(/^modelslab-studio-history-.*\.json$/)]);
  expect(
    await screen.findByText(
      /^Your browser saved modelslab-studio-history-.*\.json \(\d+ generations?\), usually in your Downloads folder\.$/,
    ),
  ).toBeVisible();
  expect(toggle).toHaveFocus();
  return (saved[0] as Blob).text();
}

async function generate(user: Awaited<ReturnType<typeof renderApp>>['user'], prompt: string) {
  const field = screen.getByLabelText('Prompt');
  await user.clear(field);
  await user.type(field, prompt);
  await user.click(screen.getByRole('button', { name: 'Generate' }));
}

describe('export from the app', () => {
  test('user can export a history made with a key, and the file never holds the key', async () => {
    api.answerOnce(
      TEXT2IMG_URL,
      { status: 'error', message: `Invalid API key: ${KEY} (request {"key":"${KEY}"})` },
      { status: 401 },
    );
    const { user } = await renderApp();
    await openConnection(user);
    await user.type(screen.getByLabelText('API key'), KEY);
    await generate(user, 'a rejected fox');
    const rejected = await screen.findByRole('article', { name: /a rejected fox/ });
    expect(await within(rejected).findByRole('alert')).toHaveTextContent(
      'Your API key was not accepted',
    );
    expect(document.body.textContent).not.toContain(KEY);

    await generate(user, 'a red fox in the snow');
    expect(await screen.findByRole('img', { name: /a red fox in the snow/ })).toBeVisible();
    await api.settled();
    expect(api.requestsTo(TEXT2IMG_URL).map((r) => r.body)).toEqual([
      expect.objectContaining({ key: KEY, prompt: 'a rejected fox' }),
      expect.objectContaining({ key: KEY, prompt: 'a red fox in the snow' }),
    ]);

    // The page shows a change before storage has numbered it; export what was stored.
    await Promise.all(jobStore.list().map((job) => jobStore.saved(job.localId)));
    const text = await exportThroughTheApp(user);
    expect(text).not.toContain(KEY);
    expect(text).not.toContain('7f3a9c21');
    const result = parseHistoryFile(text);
    expect(result).toEqual({ jobs: jobStore.list().map(afterImport), skipped: 0 });
    expect(
      'jobs' in result ? result.jobs.map((job) => [job.params.prompt, job.state]) : result,
    ).toEqual([
      ['a red fox in the snow', 'done'],
      ['a rejected fox', 'failed'],
    ]);
    // What is stored for the next visit holds no key either.
    await Promise.all(jobStore.list().map((job) => jobStore.saved(job.localId)));
    expect(JSON.stringify(await loadJobs())).not.toContain(KEY);
  });

  test('a key echoed in a field error is kept out of the history and its export', async () => {
    api.answerOnce(
      TEXT2IMG_URL,
      { status: 'error', message: { key: [`The key ${KEY} is not valid.`] } },
      { status: 401 },
    );
    const { user } = await renderApp();
    await openConnection(user);
    await user.type(screen.getByLabelText('API key'), KEY);
    await generate(user, 'an echoed key');
    const rejected = await screen.findByRole('article', { name: /an echoed key/ });
    expect(await within(rejected).findByRole('alert')).toHaveTextContent(
      'Your API key was not accepted',
    );
    expect(document.body.textContent).not.toContain(KEY);
    const text = await exportThroughTheApp(user);
    expect(text).not.toContain(KEY);
  });
});

test('a file of saved generations the app could not read is told apart from an export, and not imported', () => {
  const file = unreadableFileContents([{ key: 'job-1', value: { odd: true } }], '');
  expect(parseHistoryFile(file)).toEqual({ error: UNREADABLE_EXPORT });
});
