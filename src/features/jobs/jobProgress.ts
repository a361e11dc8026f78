import { isSettled } from './jobMachine';
import type { JobRecord } from './jobRecord';

/** How far along a queued job looks, from its ETA: what the bar, the strip and the tab title show. */
export type Progress =
  | { kind: 'unknown' }
  | { kind: 'eta'; percent: number; secondsLeft: number }
  | { kind: 'late'; percent: number };

export function progressOf(job: JobRecord, now: number): Progress {
  const eta = job.etaSeconds;
  if (job.state !== 'processing' || eta === undefined) return { kind: 'unknown' };
  const started = job.pollStartedAt ?? job.createdAt;
  // A clock read just before the answer came (the shared tick) counts as no time yet.
  const elapsed = Math.max(0, (now - started) / 1000);
  const left = Math.ceil(eta - elapsed);
  // Past the ETA the bar creeps towards the end without reaching it.
  if (left <= 0) return { kind: 'late', percent: 95 + 4 * (1 - Math.exp(-(elapsed - eta) / 30)) };
  return {
    kind: 'eta',
    percent: Math.max(0, Math.min(95, (elapsed / Math.max(eta, 0.1)) * 95)),
    secondsLeft: left,
  };
}

/** Generations still on their way (waiting, sending, retrying or queued), newest first. */
export const inProgress = (jobs: JobRecord[]) => jobs.filter((job) => !isSettled(job));

/**
 * "2 making · 40 %": how many are on their way, and how far the queued ones are on
 * average (left out when no queued job has an ETA).
 */
export function makingSummary(jobs: JobRecord[], now: number): string | undefined {
  const making = inProgress(jobs);
  if (making.length === 0) return undefined;
  const known = making
    .map((job) => progressOf(job, now))
    .filter((progress) => progress.kind !== 'unknown');
  const percent =
    known.length === 0
      ? undefined
      : Math.floor(known.reduce((sum, progress) => sum + progress.percent, 0) / known.length);
  return `${making.length} making${percent === undefined ? '' : ` · ${percent} %`}`;
}
