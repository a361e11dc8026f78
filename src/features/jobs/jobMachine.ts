import type { ApiErrorInit } from '../../api/ApiError';
import type { GenerationAnswer } from '../../api/types';
import { retryDelayMs } from '../errors';
import type { JobRecord } from './jobRecord';
import { POLL_LIMIT_MS } from './pollSchedule';

/**
 * The life of a generation, and the only way it changes. `transition(job, event, now)`
 * answers the next record; an event a state does not list is refused (the same record
 * comes back). docs/architecture.md draws the diagram.
 *
 * Nothing here knows about tabs, timers or HTTP: the runner (jobRunner.ts) sends and
 * checks, and dispatches what happened; buttons dispatch what the person asked for.
 */

export const jobStates = [
  /** Not sent yet: waiting for a free slot under the plan's limit, the network or a key. */
  'waiting',
  /** The request is on its way; it may reach the service (and be charged) at any moment. */
  'sending',
  /** The service refused it for now (busy, down); this tab sends it again at `retryAt`. */
  'retrying',
  /** Queued on the service: it holds the job, and the app checks on it. */
  'processing',
  'done',
  /** Refused for good, or the service said the job failed. */
  'failed',
  /** The person stopped it before the service had it: nothing is under way anywhere. */
  'cancelled',
  /** The person stopped waiting for a job the service holds: it may still finish there. */
  'stopped',
  /** The app stopped checking by itself (5 minutes, or a problem asking): it may still finish. */
  'stalled',
  /** The page closed mid-send: it may or may not have reached the service. */
  'unknown',
] as const;
export type JobState = (typeof jobStates)[number];

export type JobEvent =
  /** `by`: the tab that sends; only the job's own sender may. */
  | { type: 'send-started'; by: string; requestName?: string }
  | { type: 'answered'; answer: GenerationAnswer }
  | { type: 'send-failed'; error: ApiErrorInit }
  | { type: 'retry-due' }
  | { type: 'checked'; answer: GenerationAnswer }
  | { type: 'check-troubled'; error: ApiErrorInit }
  | { type: 'check-failed'; error: ApiErrorInit }
  | { type: 'cancel' }
  | { type: 'send-again'; sender: string; target?: Pick<JobRecord, 'connection' | 'baseUrl'> }
  | { type: 'check-again' }
  | { type: 'tab-lost' }
  /** Read from an export file: nothing in it is sent or checked by itself. */
  | { type: 'imported' };
export type JobEventType = JobEvent['type'];

type Handler<E extends JobEventType> = (
  job: JobRecord,
  event: Extract<JobEvent, { type: E }>,
  now: number,
) => JobRecord;
type Moves = { [E in JobEventType]?: Handler<E> };

/** When the service queues a job without saying how long it will take. */
export const DEFAULT_FIRST_POLL_S = 5;
/** A server may ask for any ETA; the first check is never later than this. */
const MAX_ETA_S = 10 * 60;

function seedOf(job: JobRecord, answer: GenerationAnswer): string | undefined {
  return (
    answer.seed ?? job.seed ?? (job.params.seed === null ? undefined : String(job.params.seed))
  );
}

function finished(job: JobRecord, answer: GenerationAnswer & { status: 'success' }, now: number) {
  return {
    ...job,
    state: 'done',
    remoteId: answer.id || job.remoteId,
    // A server may send more links than were asked for: show what was asked for.
    images: answer.images.slice(0, Math.max(1, job.params.samples)),
    seed: seedOf(job, answer),
    generationTime: answer.generationTime ?? job.generationTime,
    nsfw: answer.nsfw,
    error: undefined,
    checkTrouble: undefined,
    finishedAt: now,
  } satisfies JobRecord;
}

const answered: Handler<'answered'> = (job, { answer }, now) => {
  if (answer.status === 'success') return finished(job, answer, now);
  const etaSeconds =
    answer.etaSeconds === undefined
      ? undefined
      : Math.min(Math.max(0, answer.etaSeconds), MAX_ETA_S);
  return {
    ...job,
    state: 'processing',
    remoteId: answer.id || job.remoteId,
    fetchUrl: answer.fetchUrl ?? job.fetchUrl,
    etaSeconds,
    seed: seedOf(job, answer),
    error: undefined,
    retryAt: undefined,
    pollStartedAt: now,
    firstPollAt: now + (etaSeconds ?? DEFAULT_FIRST_POLL_S) * 1000,
  };
};

const checked: Handler<'checked'> = (job, { answer }, now) => {
  if (answer.status === 'success') return finished(job, answer, now);
  if (job.state !== 'processing') return job;
  const next = { ...job, seed: seedOf(job, answer), checkTrouble: undefined };
  const overdue = now - (job.pollStartedAt ?? job.createdAt) >= POLL_LIMIT_MS;
  return overdue ? { ...next, state: 'stalled', finishedAt: now } : next;
};

/** Only the service saying the job failed ends it; other trouble keeps it for "Check again". */
const checkFailed: Handler<'check-failed'> = (job, { error }, now) =>
  error.kind === 'job-failed'
    ? { ...job, state: 'failed', error, checkTrouble: undefined, finishedAt: now }
    : job.state === 'processing'
      ? { ...job, state: 'stalled', error, checkTrouble: undefined, finishedAt: now }
      : job;

const sendFailed: Handler<'send-failed'> = (job, { error }, now) => {
  const delay = retryDelayMs(error, job.attempts);
  return delay === null
    ? { ...job, state: 'failed', error, finishedAt: now }
    : { ...job, state: 'retrying', error, retryAt: now + delay };
};

/** A new request: nothing of the last one's job on the service carries over. */
const sendAgain: Handler<'send-again'> = (job, { sender, target }) => ({
  ...job,
  ...target,
  state: 'waiting',
  sender,
  attempts: 0,
  retryAt: undefined,
  error: undefined,
  checkTrouble: undefined,
  finishedAt: undefined,
  remoteId: undefined,
  fetchUrl: undefined,
  etaSeconds: undefined,
  pollStartedAt: undefined,
  firstPollAt: undefined,
  seed: undefined,
});

const checkAgain: Handler<'check-again'> = (job, _event, now) => ({
  ...job,
  state: 'processing',
  error: undefined,
  checkTrouble: undefined,
  finishedAt: undefined,
  // Already past any estimate: the bar says "taking longer than expected".
  etaSeconds: 0,
  pollStartedAt: now,
  firstPollAt: now,
});

/** The table: for each state, the events it accepts and what each makes of the job. */
const moves: { [S in JobState]: Moves } = {
  waiting: {
    'send-started': (job, { by, requestName }) =>
      job.sender === by
        ? { ...job, state: 'sending', attempts: job.attempts + 1, requestName }
        : job,
    cancel: (job) => ({ ...job, state: 'cancelled' }),
    'tab-lost': (job) => ({ ...job, state: 'cancelled' }),
    imported: (job) => ({ ...job, state: 'cancelled' }),
  },
  sending: {
    answered,
    'send-failed': sendFailed,
    // Sending cannot be cancelled: the request may already be on the service.
    'tab-lost': (job) => ({ ...job, state: 'unknown' }),
    imported: (job) => ({ ...job, state: 'unknown' }),
  },
  retrying: {
    'retry-due': (job) => ({ ...job, state: 'waiting', retryAt: undefined }),
    cancel: (job) => ({ ...job, state: 'cancelled', retryAt: undefined }),
    'tab-lost': (job) => ({ ...job, state: 'cancelled', retryAt: undefined }),
    imported: (job) => ({ ...job, state: 'cancelled', retryAt: undefined }),
  },
  processing: {
    checked,
    'check-troubled': (job, { error }) => ({ ...job, checkTrouble: error }),
    'check-failed': checkFailed,
    cancel: (job, _event, now) => ({
      ...job,
      state: 'stopped',
      checkTrouble: undefined,
      finishedAt: now,
    }),
    imported: (job) => ({ ...job, state: 'stalled', checkTrouble: undefined }),
  },
  done: {},
  failed: { 'send-again': sendAgain },
  cancelled: { 'send-again': sendAgain },
  // A check already on its way when the person stopped waiting still counts: a paid
  // picture is never dropped.
  stopped: { checked, 'check-failed': checkFailed, 'check-again': checkAgain },
  stalled: { 'check-again': checkAgain },
  // Another tab took this one for gone (a lease missed while it was busy), yet its
  // request did come back: what it says is still the truth, and may be a paid picture.
  unknown: { 'send-again': sendAgain, answered, 'send-failed': sendFailed },
};

/** Conditions beyond the state: checking needs something to ask about. */
const guards: { [E in JobEventType]?: (job: JobRecord) => boolean } = {
  'check-again': (job) => Boolean(job.remoteId || job.fetchUrl),
};

/** Whether the job's state accepts this event now (what buttons and the runner ask). */
export function can(job: JobRecord, type: JobEventType): boolean {
  return moves[job.state][type] !== undefined && (guards[type]?.(job) ?? true);
}

/** The job's next record after `event`; the same record when the table refuses it. */
export function transition(job: JobRecord, event: JobEvent, now: number): JobRecord {
  if (!can(job, event.type)) {
    if (import.meta.env.DEV) {
      console.warn(`Job ${job.localId}: "${event.type}" is not allowed in state "${job.state}"`);
    }
    return job;
  }
  const handler = moves[job.state][event.type] as Handler<typeof event.type>;
  return handler(job, event as never, now);
}

/** What each state means for the rest of the app, in one place. */
const stateFacts: Record<
  JobState,
  { label: string; holdsSlot: boolean; inTabHands: boolean; settled: boolean }
> = {
  waiting: { label: 'waiting', holdsSlot: false, inTabHands: true, settled: false },
  sending: { label: 'sending', holdsSlot: true, inTabHands: true, settled: false },
  retrying: { label: 'retrying', holdsSlot: false, inTabHands: true, settled: false },
  processing: { label: 'in progress', holdsSlot: true, inTabHands: false, settled: false },
  done: { label: 'done', holdsSlot: false, inTabHands: false, settled: true },
  failed: { label: 'failed', holdsSlot: false, inTabHands: false, settled: true },
  cancelled: { label: 'cancelled', holdsSlot: false, inTabHands: false, settled: true },
  stopped: { label: 'stopped', holdsSlot: false, inTabHands: false, settled: true },
  stalled: { label: 'checking stopped', holdsSlot: false, inTabHands: false, settled: true },
  unknown: { label: 'unknown', holdsSlot: false, inTabHands: false, settled: true },
};

/** How the state is named to a person (cards, the history filter). */
export const stateLabel = (job: Pick<JobRecord, 'state'>) => stateFacts[job.state].label;
/** Takes one of the account's queue slots: being sent, or queued on the service. */
export const holdsSlot = (job: JobRecord) => stateFacts[job.state].holdsSlot;
/** Only the tab that sends it can move it on: if that tab is gone, nobody will. */
export const isInTabHands = (job: JobRecord) => stateFacts[job.state].inTabHands;
/** Nothing under way: the person may reuse, copy or delete it. */
export const isSettled = (job: JobRecord) => stateFacts[job.state].settled;

/**
 * A record read from an export file: nothing in it is sent or checked by itself (its
 * address came from a file), no tab of this browser is its sender, and it keeps no
 * address of its own to ask at.
 */
export function afterImport(job: JobRecord, now = Date.now()): JobRecord {
  const settled = can(job, 'imported') ? transition(job, { type: 'imported' }, now) : job;
  // Nor does it bring its own address to ask at: checks use the documented one.
  const { sender: _sender, fetchUrl: _fetchUrl, requestName: _name, ...rest } = settled;
  return rest;
}
