import { onlineManager } from '@tanstack/react-query';
import { ApiError, type ApiErrorInit, isApiError } from '../../api/ApiError';
import { jobAddress } from '../../api/client';
import { jobKinds } from '../../api/jobKinds';
import { holdsKey } from '../../api/parseAnswer';
import { holdLock, tabId } from '../../lib/tabs';
import { askSandbox, canReach, clientFor, type Settings, settingsStore } from '../settings';
import { forgetAnswer, noteAnswer, notedAnswers, onNotedElsewhere } from './answerNotes';
import { can } from './jobMachine';
import type { JobRecord } from './jobRecord';
import { jobStore } from './jobStore';
import { backoffDelay, isTransientPollError, nextPollDelay, POLL_LIMIT_MS } from './pollSchedule';
import { slotsInUse } from './slots';

/**
 * The one thing that moves jobs along by itself, started once at boot and independent
 * of what is on screen: it sends this tab's waiting jobs under the plan's queue limit,
 * sends refused ones again at their retry time, and checks on queued ones (one tab per
 * job, by the job's lock). It only dispatches events; the job machine decides what they
 * make of a job. docs/architecture.md ("The runner") says why this is not React Query.
 */

/** The lock that makes one open tab, and only one, check on a job. */
export const jobLockName = (localId: string) => `job:${localId}`;

/** A server may ask for any wait; polling never waits longer than this between checks. */
const MAX_CHECK_WAIT_MS = 60_000;

let stopRunning: (() => void) | undefined;

/** Starts the runner (once: a second call returns the same stop). */
export function startJobRunner(): () => void {
  stopRunning ??= run();
  return stopRunning;
}

function asErrorRecord(error: unknown): ApiErrorInit {
  return (isApiError(error) ? error : new ApiError({ kind: 'malformed', cause: error })).toJSON();
}

function keyFor(job: JobRecord, settings: Settings): string {
  return settings.apiKey.trim() || (job.connection === 'sandbox' ? 'sandbox' : '');
}

const isOnline = () => onlineManager.isOnline();

/**
 * Cut off mid-send in this browser, by a send the simulator can be asked about (an
 * imported record has no sender, its sandbox is another browser's; a record from before
 * sends were named cannot be asked about).
 */
export const isInterruptedInSandbox = (job: JobRecord) =>
  job.state === 'unknown' &&
  job.connection === 'sandbox' &&
  job.sender !== undefined &&
  job.requestName !== undefined;

/** Whether this tab can ask the service about `job` now (the sandbox needs no network). */
function canCheck(job: JobRecord, settings: Settings): boolean {
  return (
    job.state === 'processing' &&
    canReach(job, settings) === 'ok' &&
    (job.connection === 'sandbox' || isOnline())
  );
}

/**
 * Waits until the time `at`. Browsers hold back timers in background tabs (up to a minute
 * between runs), so a `wake` (the tab is shown again) ends the wait early when `at` has
 * passed meanwhile.
 */
function sleepUntil(at: number, signal: AbortSignal, wake: EventTarget): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  if (at <= Date.now()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      wake.removeEventListener('wake', check);
      resolve(!signal.aborted);
    };
    const check = () => {
      if (Date.now() >= at) done();
    };
    const timer = setTimeout(done, Math.max(0, at - Date.now()));
    signal.addEventListener('abort', done, { once: true });
    wake.addEventListener('wake', check);
  });
}

function run(): () => void {
  /** Aborted when the page goes away: answers that arrive after that are not applied. */
  const session = new AbortController();
  const pollers = new Map<string, AbortController>();
  const retries = new Map<string, { at: number; timer: ReturnType<typeof setTimeout> }>();
  /** Told when the tab is shown again: what fell due while it was hidden runs now. */
  const wake = new EventTarget();
  let scheduled = false;

  /** Resolves once the stored record has decided (so a lock is given back after it). */
  const dispatch = async (...args: Parameters<typeof jobStore.dispatch>) => {
    if (!session.signal.aborted) await jobStore.dispatch(...args);
  };
  /** Jobs this tab is claiming a slot for right now (the claim waits for storage). */
  const claiming = new Set<string>();
  /** Interrupted sandbox sends this tab is asking the simulator about. */
  const settling = new Set<string>();
  /** Jobs this tab is applying a noted answer to (answerNotes.ts). */
  const replaying = new Set<string>();
  /** A noted answer just dispatched is forgotten if storage took it (not if the page left). */
  const forgetOnceStored = (localId: string) => {
    if (!session.signal.aborted && !jobStore.snapshot().storageProblem) forgetAnswer(localId);
  };

  /**
   * Sends one waiting job once the stored record agrees: it is still waiting, this tab
   * sends it, and the plan has a free slot across every tab. It is stored as "sending"
   * before the request leaves, so a reload never sends it again.
   */
  async function send(waiting: JobRecord, settings: Settings) {
    claiming.add(waiting.localId);
    const side = waiting.connection === 'sandbox';
    const job = await jobStore
      .claimSend(
        waiting.localId,
        (others) => slotsInUse(others, side, settings) < settings.queueLimit,
      )
      .finally(() => claiming.delete(waiting.localId));
    if (!job || session.signal.aborted) return;
    const client = clientFor(
      { kind: job.connection, baseUrl: job.baseUrl, apiKey: keyFor(job, settings) },
      job.requestName,
    );
    // An answer to an earlier send of this job (sent again) is not this one's.
    forgetAnswer(job.localId);
    try {
      const answer = await client.submit(job.kind, job.params);
      // Noted before it is shown and stored: a page closed meanwhile would lose it.
      if (job.connection !== 'sandbox') noteAnswer(job.localId, answer);
      await dispatch(job.localId, { type: 'answered', answer });
      forgetOnceStored(job.localId);
    } catch (error) {
      await dispatch(job.localId, { type: 'send-failed', error: asErrorRecord(error) });
    }
  }

  /** Checks on one queued job until it is no longer queued, while this tab holds its lock. */
  async function poll(localId: string, signal: AbortSignal) {
    const held = await holdLock(jobLockName(localId), signal);
    if (!held) return;
    const stop = AbortSignal.any ? AbortSignal.any([signal, held.lost]) : signal;
    try {
      // The tab that held the lock before may have finished the job a moment ago.
      const latest = await jobStore.refresh(localId);
      let checks = 0;
      let troubles = 0;
      let due = latest?.firstPollAt ?? Date.now();
      while (await sleepUntil(due, stop, wake)) {
        const job = jobStore.get(localId);
        const settings = settingsStore.get();
        if (!job || !canCheck(job, settings)) return;
        const ref = {
          id: job.remoteId ?? '',
          fetchUrl: job.fetchUrl,
          family: jobKinds[job.kind].fetchFamily,
        };
        if (!jobAddress(job.baseUrl, ref)) {
          const error = {
            kind: 'malformed',
            serverMessage: job.remoteId
              ? `The job number "${job.remoteId.slice(0, 40)}" is not one the app can ask about.`
              : 'No job number to check.',
            answerForm: 'app',
          } as const;
          await dispatch(localId, { type: 'check-failed', error });
          return;
        }
        const client = clientFor({
          kind: job.connection,
          baseUrl: job.baseUrl,
          apiKey: keyFor(job, settings),
        });
        try {
          // Not aborted by a Cancel: an answer already on its way is still applied.
          const answer = await client.fetchJob(ref);
          checks += 1;
          troubles = 0;
          due = Date.now() + nextPollDelay(checks);
          await dispatch(localId, { type: 'checked', answer });
        } catch (caught) {
          const error = asErrorRecord(caught);
          if (error.kind === 'cancelled') return;
          const overdue = Date.now() - (job.pollStartedAt ?? job.createdAt) >= POLL_LIMIT_MS;
          if (!isTransientPollError(error) || overdue) {
            await dispatch(localId, { type: 'check-failed', error });
            return;
          }
          troubles += 1;
          // A busy service says how long to wait (429 retry_after); otherwise back off.
          const wait =
            error.retryAfter !== undefined && error.retryAfter >= 0
              ? error.retryAfter * 1000
              : backoffDelay(troubles - 1);
          due = Date.now() + Math.min(wait, MAX_CHECK_WAIT_MS);
          await dispatch(localId, { type: 'check-troubled', error });
        }
      }
    } finally {
      held.release();
    }
  }

  /**
   * A sandbox request cut off by a reload is settled with the simulator, which knows
   * whether it received it: if it did, the job is checked like any queued one; if not,
   * nothing was made, and this tab sends it (nothing is charged in the sandbox).
   */
  async function settleWithSandbox(localId: string) {
    const held = await holdLock(jobLockName(localId), session.signal);
    if (!held) return;
    try {
      const job = await jobStore.refresh(localId);
      if (!job || !isInterruptedInSandbox(job)) return;
      const received = job.requestName ? await askSandbox(job.requestName) : undefined;
      if (received) {
        const answer = { status: 'processing', id: received.id, etaSeconds: 0 } as const;
        await dispatch(localId, {
          type: 'answered',
          answer: { ...answer, seed: received.seed || undefined, futureLinks: [], message: '' },
        });
      } else {
        await dispatch(localId, { type: 'send-again', sender: tabId });
      }
    } catch {
      // The sandbox could not be loaded: the card keeps offering "Send it again".
    } finally {
      held.release();
      settling.delete(localId);
    }
  }

  function startPoller(localId: string) {
    const controller = new AbortController();
    pollers.set(localId, controller);
    void poll(localId, controller.signal).finally(() => {
      if (pollers.get(localId) !== controller) return;
      // Ended by itself (its lease was taken over, or the job moved on): ask again.
      pollers.delete(localId);
      schedule();
    });
  }

  function reconcile() {
    const jobs = jobStore.list();
    const settings = settingsStore.get();
    const online = isOnline();

    // Send this tab's waiting jobs, oldest first, while the plan has free slots. This count
    // (from memory) only spares storage a claim that cannot succeed; claimSend decides.
    const inFlight = {
      sandbox: slotsInUse(jobs, true, settings),
      real: slotsInUse(jobs, false, settings),
    };
    const waiting = jobs.filter((job) => job.state === 'waiting' && job.sender === tabId).reverse();
    for (const job of waiting) {
      const side = job.connection === 'sandbox' ? 'sandbox' : 'real';
      if (claiming.has(job.localId)) {
        inFlight[side] += 1;
        continue;
      }
      if (inFlight[side] >= settings.queueLimit) continue;
      if (canReach(job, settings) !== 'ok') continue;
      if (side === 'real' && !online) continue;
      inFlight[side] += 1;
      void send(job, settings);
    }

    // Send refused jobs again at their time (only the tab that sent them).
    const due = new Map(
      jobs
        .filter((job) => job.state === 'retrying' && job.sender === tabId && can(job, 'retry-due'))
        .map((job) => [job.localId, job.retryAt ?? 0]),
    );
    for (const [localId, retry] of retries) {
      if (due.get(localId) === retry.at) continue;
      clearTimeout(retry.timer);
      retries.delete(localId);
    }
    for (const [localId, at] of due) {
      if (retries.has(localId)) continue;
      const timer = setTimeout(() => retryDue(localId), Math.max(0, at - Date.now()));
      retries.set(localId, { at, timer });
    }

    // Answers that arrived as their page closed, before they were stored: the job was
    // then found "sending" without its tab, and said "unknown". The answer applies now.
    // (A note is forgotten once its answer is stored, when the job is sent again, or
    // after a day; one whose job is in any other state is left alone.)
    // Only a send of this browser's: an imported record has no sender (nothing in it moves
    // by itself), and the sandbox has its own way back (settleWithSandbox). A note that
    // holds the key was not written by the app (answers are cleared of it): it is dropped.
    for (const [localId, { answer, at }] of notedAnswers()) {
      const job = jobStore.get(localId);
      if (job?.state !== 'unknown' || job.sender === undefined || job.connection === 'sandbox') {
        continue;
      }
      if (holdsKey(JSON.stringify(answer), settings.apiKey)) {
        forgetAnswer(localId);
        continue;
      }
      if (replaying.has(localId)) continue;
      replaying.add(localId);
      // As of when it came: the wait it asked for runs from then.
      void dispatch(localId, { type: 'answered', answer }, at).finally(() => {
        replaying.delete(localId);
        forgetOnceStored(localId);
      });
    }

    for (const job of jobs) {
      if (!isInterruptedInSandbox(job) || settling.has(job.localId)) continue;
      settling.add(job.localId);
      void settleWithSandbox(job.localId);
    }

    // Check on queued jobs this tab can ask about; stop checking those it no longer can.
    const checkable = new Set(
      jobs.filter((job) => canCheck(job, settings)).map((job) => job.localId),
    );
    for (const [localId, controller] of pollers) {
      if (!checkable.has(localId)) {
        controller.abort();
        pollers.delete(localId);
      }
    }
    for (const localId of checkable) {
      if (!pollers.has(localId)) startPoller(localId);
    }
  }

  function schedule() {
    if (scheduled || session.signal.aborted) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      if (!session.signal.aborted) reconcile();
    });
  }

  function retryDue(localId: string) {
    retries.delete(localId);
    void dispatch(localId, { type: 'retry-due' });
  }

  const onVisible = () => {
    if (document.visibilityState !== 'visible') return;
    const now = Date.now();
    for (const [localId, retry] of retries) {
      if (retry.at > now) continue;
      clearTimeout(retry.timer);
      retryDue(localId);
    }
    wake.dispatchEvent(new Event('wake'));
    schedule();
  };
  document.addEventListener('visibilitychange', onVisible);

  const unsubscribe = [
    jobStore.subscribe(schedule),
    settingsStore.subscribe(schedule),
    onlineManager.subscribe(schedule),
    onNotedElsewhere(schedule),
    () => document.removeEventListener('visibilitychange', onVisible),
  ];
  schedule();

  return () => {
    session.abort();
    for (const stop of unsubscribe) stop();
    for (const controller of pollers.values()) controller.abort();
    pollers.clear();
    for (const retry of retries.values()) clearTimeout(retry.timer);
    retries.clear();
    stopRunning = undefined;
  };
}
