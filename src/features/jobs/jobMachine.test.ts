import { describe, expect, test, vi } from 'vitest';
import type { ApiErrorInit } from '../../api/ApiError';
import type { GenerationAnswer } from '../../api/types';
import { jobRecord, textParams } from '../../test/jobRecords';
import {
  afterImport,
  can,
  type JobEvent,
  type JobEventType,
  type JobState,
  jobStates,
  transition,
} from './jobMachine';
import type { JobRecord } from './jobRecord';
import { jobRecordSchema } from './jobRecord';
import { POLL_LIMIT_MS } from './pollSchedule';

const NOW = 1_700_000_100_000;

function job(state: JobState, patch: Partial<JobRecord> = {}): JobRecord {
  return jobRecord(`job-${state}`, {
    createdAt: NOW - 60_000,
    params: textParams('a lighthouse'),
    connection: 'modelslab',
    baseUrl: 'https://modelslab.com',
    state,
    sender: 'tab-a',
    remoteId: ['processing', 'stopped', 'stalled'].includes(state) ? '134701497' : undefined,
    pollStartedAt: NOW - 10_000,
    ...patch,
  });
}

const success: GenerationAnswer = {
  status: 'success',
  id: '134701497',
  images: ['https://cdn.example.test/a.png'],
  seed: '42',
  nsfw: false,
};
const queuedAnswer: GenerationAnswer = {
  status: 'processing',
  id: '134701497',
  etaSeconds: 7,
  fetchUrl: 'https://modelslab.com/api/v6/images/fetch/134701497',
  futureLinks: [],
  message: 'Try to fetch request after seconds estimated',
};
const serverError: ApiErrorInit = { kind: 'server', serverMessage: 'Internal server error.' };
const keyError: ApiErrorInit = { kind: 'key', serverMessage: 'Invalid API key' };
const jobFailed: ApiErrorInit = { kind: 'job-failed', serverMessage: 'the GPU stopped' };

/** One or more samples of every event, named for the table below. */
const events: Record<string, JobEvent> = {
  'send-started': { type: 'send-started', by: 'tab-a' },
  'send-started:another-tab': { type: 'send-started', by: 'tab-b' },
  'answered:success': { type: 'answered', answer: success },
  'answered:processing': { type: 'answered', answer: queuedAnswer },
  'send-failed:server': { type: 'send-failed', error: serverError },
  'send-failed:key': { type: 'send-failed', error: keyError },
  'retry-due': { type: 'retry-due' },
  'checked:success': { type: 'checked', answer: success },
  'checked:processing': { type: 'checked', answer: { ...queuedAnswer, etaSeconds: undefined } },
  'check-troubled': { type: 'check-troubled', error: serverError },
  'check-failed:job-failed': { type: 'check-failed', error: jobFailed },
  'check-failed:key': { type: 'check-failed', error: keyError },
  cancel: { type: 'cancel' },
  'send-again': { type: 'send-again', sender: 'tab-b' },
  'check-again': { type: 'check-again' },
  'tab-lost': { type: 'tab-lost' },
  imported: { type: 'imported' },
};

/**
 * Where each (state, event) goes; every pair not listed is refused. Written out by hand
 * from the rules, apart from the machine's own table, so that a change to either shows.
 * "same" means accepted with the state unchanged.
 */
const expected: Record<JobState, Record<string, JobState | 'same'>> = {
  waiting: {
    'send-started': 'sending',
    'send-started:another-tab': 'same',
    cancel: 'cancelled',
    'tab-lost': 'cancelled',
    imported: 'cancelled',
  },
  sending: {
    'answered:success': 'done',
    'answered:processing': 'processing',
    'send-failed:server': 'retrying',
    'send-failed:key': 'failed',
    'tab-lost': 'unknown',
    imported: 'unknown',
  },
  retrying: {
    'retry-due': 'waiting',
    cancel: 'cancelled',
    'tab-lost': 'cancelled',
    imported: 'cancelled',
  },
  processing: {
    'checked:success': 'done',
    'checked:processing': 'same',
    'check-troubled': 'same',
    'check-failed:job-failed': 'failed',
    'check-failed:key': 'stalled',
    cancel: 'stopped',
    imported: 'stalled',
  },
  done: {},
  failed: { 'send-again': 'waiting' },
  cancelled: { 'send-again': 'waiting' },
  stopped: {
    'checked:success': 'done',
    'checked:processing': 'same',
    'check-failed:job-failed': 'failed',
    'check-failed:key': 'same',
    'check-again': 'processing',
  },
  stalled: { 'check-again': 'processing' },
  unknown: {
    'send-again': 'waiting',
    'answered:success': 'done',
    'answered:processing': 'processing',
    'send-failed:server': 'retrying',
    'send-failed:key': 'failed',
  },
};

describe('the job machine', () => {
  const pairs = jobStates.flatMap((state) =>
    Object.keys(events).map((name) => [state, name] as const),
  );

  test.each(pairs)('in state %s, event %s', (state, name) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const before = job(state);
    const event = events[name] as JobEvent;
    const after = transition(before, event, NOW);
    const outcome = expected[state][name];
    if (outcome === undefined) {
      expect(after).toBe(before);
      expect(can(before, event.type)).toBe(false);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining(`"${event.type}" is not allowed`));
    } else {
      expect(after.state).toBe(outcome === 'same' ? state : outcome);
      expect(can(before, event.type)).toBe(true);
      expect(warn).not.toHaveBeenCalled();
    }
  });

  test('every event of the machine is walked above', () => {
    const walked = new Set(Object.values(events).map((event) => event.type));
    const all: JobEventType[] = [
      'send-started',
      'answered',
      'send-failed',
      'retry-due',
      'checked',
      'check-troubled',
      'check-failed',
      'cancel',
      'send-again',
      'check-again',
      'tab-lost',
      'imported',
    ];
    expect([...walked].sort()).toEqual([...all].sort());
  });
});

describe('rules that keep a person from being charged twice', () => {
  test('a job the service holds can never be sent again, by a retry or by "Try again"', () => {
    for (const state of ['processing', 'stopped', 'stalled'] as const) {
      expect(can(job(state), 'send-again')).toBe(false);
      expect(can(job(state), 'retry-due')).toBe(false);
      expect(can(job(state), 'send-started')).toBe(false);
    }
  });

  test('a request on its way cannot be cancelled or sent again; if its page goes, it is unknown', () => {
    const sending = job('sending');
    expect(can(sending, 'cancel')).toBe(false);
    expect(can(sending, 'send-again')).toBe(false);
    expect(transition(sending, { type: 'tab-lost' }, NOW).state).toBe('unknown');
  });

  test('only a job with a number to ask about can be checked again', () => {
    expect(can(job('stalled', { remoteId: undefined }), 'check-again')).toBe(false);
    expect(
      can(job('stalled', { remoteId: undefined, fetchUrl: 'https://x/f/1' }), 'check-again'),
    ).toBe(true);
  });
});

describe('what each move records', () => {
  test('a send counts its attempts; a refused send waits as long as the retry rules say', () => {
    const sending = transition(
      job('waiting', { attempts: 0 }),
      { type: 'send-started', by: 'tab-a' },
      NOW,
    );
    expect(sending.attempts).toBe(1);
    const retrying = transition(sending, events['send-failed:server'] as JobEvent, NOW);
    expect(retrying).toMatchObject({ state: 'retrying', retryAt: NOW + 1000, error: serverError });
    const failed = transition(
      { ...retrying, state: 'sending', attempts: 3 },
      events['send-failed:server'] as JobEvent,
      NOW,
    );
    expect(failed).toMatchObject({ state: 'failed', finishedAt: NOW });
  });

  test('a queued answer starts checking at its ETA, capped; without one, after 5 s', () => {
    const queued = transition(job('sending'), events['answered:processing'] as JobEvent, NOW);
    expect(queued).toMatchObject({
      state: 'processing',
      remoteId: '134701497',
      etaSeconds: 7,
      pollStartedAt: NOW,
      firstPollAt: NOW + 7000,
    });
    const huge = transition(
      job('sending'),
      { type: 'answered', answer: { ...queuedAnswer, etaSeconds: 100_000 } },
      NOW,
    );
    expect(huge.firstPollAt).toBe(NOW + 600_000);
    const none = transition(
      job('sending'),
      { type: 'answered', answer: { ...queuedAnswer, etaSeconds: undefined } },
      NOW,
    );
    expect(none.firstPollAt).toBe(NOW + 5000);
  });

  test('a still-queued answer after 5 minutes of checking stops the checking', () => {
    const processing = job('processing', { pollStartedAt: NOW - POLL_LIMIT_MS });
    const still = events['checked:processing'] as JobEvent;
    expect(transition(processing, still, NOW)).toMatchObject({ state: 'stalled', finishedAt: NOW });
    expect(transition(processing, still, NOW - 1).state).toBe('processing');
  });

  test('trouble checking is noted, and cleared by the next answer', () => {
    const troubled = transition(job('processing'), events['check-troubled'] as JobEvent, NOW);
    expect(troubled.checkTrouble).toEqual(serverError);
    expect(transition(troubled, events['checked:processing'] as JobEvent, NOW).checkTrouble).toBe(
      undefined,
    );
  });

  test('"Try again" starts afresh from the tab that asked, at the address it names', () => {
    const failed = job('failed', { attempts: 3, error: serverError, finishedAt: NOW - 5 });
    const again = transition(
      failed,
      {
        type: 'send-again',
        sender: 'tab-b',
        target: { connection: 'custom', baseUrl: 'https://proxy.example.test' },
      },
      NOW,
    );
    expect(again).toMatchObject({
      state: 'waiting',
      sender: 'tab-b',
      attempts: 0,
      connection: 'custom',
      baseUrl: 'https://proxy.example.test',
    });
    expect(again.error).toBeUndefined();
    expect(again.finishedAt).toBeUndefined();
  });

  test('"Check again" asks at once and for another 5 minutes', () => {
    const again = transition(job('stalled', { error: keyError }), { type: 'check-again' }, NOW);
    expect(again).toMatchObject({ state: 'processing', pollStartedAt: NOW, firstPollAt: NOW });
    expect(again.error).toBeUndefined();
  });

  test('an imported record sends and checks nothing by itself, and has no sender', () => {
    expect(afterImport(job('processing'))).toMatchObject({ state: 'stalled' });
    expect(afterImport(job('sending')).state).toBe('unknown');
    expect(afterImport(job('retrying')).state).toBe('cancelled');
    expect(afterImport(job('done')).state).toBe('done');
    expect(afterImport(job('waiting')).sender).toBeUndefined();
    const evil = 'https://modelslab.com/api/v3/delete_everything?confirm=yes';
    expect(afterImport(job('stalled', { fetchUrl: evil })).fetchUrl).toBeUndefined();
  });
});

describe('records written before the states were split', () => {
  const old = (state: string, patch: Record<string, unknown> = {}) => {
    const { kind: _kind, ...record } = job('done');
    return jobRecordSchema.safeParse({ ...record, state, ...patch });
  };

  test('read with the state they mean now', () => {
    expect(old('queued').data?.state).toBe('waiting');
    expect(old('error').data?.state).toBe('failed');
    expect(old('cancelled', { remoteId: undefined }).data?.state).toBe('cancelled');
    expect(old('cancelled', { remoteId: '7' }).data?.state).toBe('stopped');
    expect(old('done').data?.kind).toBe('text2img');
  });

  test('an unknown state is not a record', () => {
    expect(old('exploded').success).toBe(false);
  });
});

describe('found by an adversarial review', () => {
  const failed = job('failed', {
    fetchUrl: 'https://modelslab.com/api/v6/images/fetch/134701497',
    remoteId: '134701497',
    error: jobFailed,
  });

  test('"Try again" forgets the last job number and address: it is a new request', () => {
    const resent = transition(failed, { type: 'send-again', sender: 'tab-a' }, NOW);
    expect(resent.remoteId).toBeUndefined();
    expect(resent.fetchUrl).toBeUndefined();
  });

  test('a cancelled record of this version reads back as cancelled after a reload', () => {
    const resent = transition(failed, { type: 'send-again', sender: 'tab-a' }, NOW);
    const cancelled = transition(resent, { type: 'cancel' }, NOW);
    const reread = jobRecordSchema.parse(JSON.parse(JSON.stringify(cancelled)));
    expect(reread.state).toBe('cancelled');
  });

  test('a time no Date can hold is not a record (it would break every card that prints it)', () => {
    expect(jobRecordSchema.safeParse({ ...failed, createdAt: 1e20 }).success).toBe(false);
    expect(jobRecordSchema.safeParse({ ...failed, finishedAt: -1e16 }).success).toBe(false);
  });
});
