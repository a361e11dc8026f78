import { useEffect, useRef, useState } from 'react';
import { tabId } from '../../lib/tabs';
import { cn } from '../../ui/cn';
import { useNow } from '../../ui/useNow';
import { PictureImage } from '../pictures';
import { pictureAspect } from '../results';
import { isSettled } from './jobMachine';
import { shownPictures, tileSelector } from './jobPictures';
import { inProgress, progressOf } from './jobProgress';
import type { JobRecord } from './jobRecord';
import { useJobs } from './jobStore';

/** How long a finished generation stays in the strip, with its picture or its trouble. */
const FINISHED_SHOWN_MS = 8000;
/** Rows at most; the rest are counted. */
const MAX_ROWS = 4;

function status(job: JobRecord, now: number): { text: string; percent?: number } {
  switch (job.state) {
    case 'waiting':
      return { text: 'Waiting' };
    case 'sending':
      return { text: 'Sending…' };
    case 'retrying':
      return { text: 'Busy, will retry' };
    case 'processing': {
      const progress = progressOf(job, now);
      if (progress.kind === 'unknown') return { text: 'Queued' };
      const percent = Math.floor(progress.percent);
      return progress.kind === 'late'
        ? { text: `${percent} % · taking longer`, percent }
        : { text: `${percent} % · ${progress.secondsLeft} s to go`, percent };
    }
    case 'done':
      return { text: 'Done ✓', percent: 100 };
    default:
      return { text: 'Did not work: see its tile' };
  }
}

/** Brings a generation's tile into view and gives it focus. */
function showTile(localId: string) {
  const tile = document.querySelector<HTMLElement>(tileSelector(localId));
  tile?.scrollIntoView?.({ block: 'center' });
  tile?.focus({ preventScroll: true });
}

/**
 * "Now making", under the Generate button on wide screens: what is on its way, with its
 * progress, and what just finished, so a person sees their click worked without looking
 * for it. Each row leads to the generation's tile.
 */
export function NowMaking({ className }: { className?: string }) {
  const jobs = useJobs();
  const making = inProgress(jobs);
  // Generations that finished while shown here stay a moment, with how they ended.
  const [finished, setFinished] = useState<Map<string, number>>(() => new Map());
  const followed = useRef(new Set<string>());
  useEffect(() => {
    const ended = jobs.filter((job) => followed.current.has(job.localId) && isSettled(job));
    followed.current = new Set(inProgress(jobs).map((job) => job.localId));
    const shown = ended.filter((job) => job.state === 'done' || job.state === 'failed');
    if (shown.length === 0) return;
    setFinished((before) => {
      const next = new Map(before);
      for (const job of shown) next.set(job.localId, Date.now());
      return next;
    });
  }, [jobs]);
  const now = useNow(making.length > 0 || finished.size > 0);

  // A generation just started here: the strip comes into view (the button may sit at the
  // bottom of the screen, the strip under it).
  const strip = useRef<HTMLElement>(null);
  const openedAt = useRef(Date.now());
  const started = jobs.find(
    (job) => job.sender === tabId && job.state === 'waiting' && job.createdAt >= openedAt.current,
  )?.localId;
  useEffect(() => {
    if (started) strip.current?.scrollIntoView?.({ block: 'nearest' });
  }, [started]);
  useEffect(() => {
    const stale = [...finished].filter(([, at]) => now - at >= FINISHED_SHOWN_MS);
    if (stale.length === 0) return;
    setFinished((before) => {
      const next = new Map(before);
      for (const [localId] of stale) next.delete(localId);
      return next;
    });
  }, [now, finished]);

  const rows = jobs.filter(
    (job) =>
      !isSettled(job) ||
      (finished.has(job.localId) && now - (finished.get(job.localId) ?? 0) < FINISHED_SHOWN_MS),
  );
  if (rows.length === 0) return null;
  const more = rows.length - MAX_ROWS;
  return (
    <section
      ref={strip}
      aria-labelledby="now-making-heading"
      className={cn(
        'flex flex-col gap-2 rounded-xl bg-surface p-3 shadow-sm ring-1 ring-slate-200',
        className,
      )}
    >
      <h2 id="now-making-heading" className="text-sm font-semibold text-slate-900">
        {rows.some((job) => !isSettled(job)) ? 'Now making' : 'Just made'}
      </h2>
      <ul className="flex flex-col gap-1">
        {rows.slice(0, MAX_ROWS).map((job) => {
          const { text, percent } = status(job, now);
          const picture = job.state === 'done' ? shownPictures(job)[0] : undefined;
          return (
            <li key={job.localId}>
              <button
                type="button"
                onClick={() => showTile(job.localId)}
                className="flex w-full items-center gap-3 rounded-md p-1 text-left hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-indigo-600"
              >
                <span
                  className="relative w-10 shrink-0 overflow-hidden rounded bg-gradient-to-br from-slate-100 to-indigo-100"
                  style={{ aspectRatio: pictureAspect(job.params.width, job.params.height) }}
                >
                  {picture ? (
                    <PictureImage
                      link={picture}
                      alt=""
                      className="absolute inset-0 size-full object-cover"
                    />
                  ) : null}
                </span>
                <span className="flex min-w-0 flex-1 flex-col gap-1">
                  <span className="truncate text-sm text-slate-900">{job.params.prompt}</span>
                  <span className="flex items-center gap-2">
                    <span
                      aria-hidden
                      className="h-1 flex-1 overflow-hidden rounded-full bg-slate-200"
                    >
                      <span
                        className={cn(
                          'block h-full rounded-full',
                          job.state === 'failed' ? 'bg-red-400' : 'bg-indigo-500',
                          percent === undefined && !isSettled(job)
                            ? 'w-1/3 motion-safe:animate-pulse'
                            : 'transition-[width] duration-1000 ease-linear',
                        )}
                        style={percent === undefined ? undefined : { width: `${percent}%` }}
                      />
                    </span>
                    <span className="shrink-0 text-xs text-slate-600">{text}</span>
                  </span>
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      {more > 0 ? <p className="text-xs text-slate-500">and {more} more in your pictures</p> : null}
    </section>
  );
}
