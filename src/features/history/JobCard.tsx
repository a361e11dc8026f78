import { useState } from 'react';
import { pageOpenedAt, tabId } from '../../lib/tabs';
import { Button } from '../../ui/Button';
import { cn } from '../../ui/cn';
import { copyText } from '../../ui/copyText';
import { useNow } from '../../ui/useNow';
import { BalanceNote } from '../balance';
import { ErrorBanner, errorTable, links } from '../errors';
import {
  can,
  cancelJob,
  checkAgain,
  isInterruptedInSandbox,
  isSettled,
  type JobRecord,
  pictureAlt,
  pictureKey,
  shownPictures,
  stateLabel,
  tileSelector,
  tryAgain,
} from '../jobs';
import { PictureThumbs, preloadViewer, tileShape } from '../results';
import { canReach, useSettings } from '../settings';
import { JobProgress } from './JobProgress';
import { RetryCountdown } from './RetryCountdown';

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** How the generation began, said before its settings (nothing for a plain prompt). */
const kindWords: Record<JobRecord['kind'], string> = {
  text2img: '',
  img2img: 'From a picture · ',
  inpaint: 'Part repainted · ',
  upscale: 'Enlarged ',
};

function Summary({ job }: { job: JobRecord }) {
  const { params } = job;
  return (
    <div className="min-w-0">
      <p className="line-clamp-2 text-sm font-medium break-words text-slate-900">{params.prompt}</p>
      <p className="text-xs text-slate-500">
        {kindWords[job.kind]}
        {job.kind === 'upscale' ? `${params.scale ?? 4}× · ` : `${params.model_id} · `}
        {params.width}×{params.height}
        {params.samples > 1 ? ` · ${params.samples} images` : ''}
        {job.seed ? (
          <>
            {' '}
            · seed <span className="font-mono">{job.seed}</span>
          </>
        ) : null}
        {job.connection === 'sandbox' ? ' · sandbox' : ''} ·{' '}
        <time dateTime={new Date(job.createdAt).toISOString()}>
          {timeFormat.format(job.createdAt)}
        </time>{' '}
        · <span className="font-medium text-slate-700">{stateLabel(job)}</span>
      </p>
    </div>
  );
}

/** How long this page has waited for the answer, once it is more than a moment. */
function SendingFor() {
  const [since] = useState(() => Date.now());
  const seconds = Math.floor((useNow() - since) / 1000);
  return seconds >= 3 ? <span>{seconds} s, waiting for the answer</span> : null;
}

function CopyButton({ label, text }: { label: string; text: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Button
      size="sm"
      variant="ghost"
      onClick={async () => {
        setCopied(await copyText(text));
        setTimeout(() => setCopied(false), 1500);
      }}
    >
      {copied ? 'Copied' : label}
    </Button>
  );
}

/** Why this tab cannot send or check a job right now, in words. */
function ReachNote({ job, reach }: { job: JobRecord; reach: 'key' | 'address' }) {
  const doing = job.state === 'waiting' ? 'send it' : 'keep checking on it';
  return (
    <p role="status" className="text-sm text-amber-800">
      {reach === 'key'
        ? `Paste your API key under Connection to ${doing}; it is not lost.`
        : `This generation belongs to another API address (${job.baseUrl}). Choose that connection again to ${doing}.`}
    </p>
  );
}

/** Stands where the pictures will be while they are made: the same size, so nothing jumps. */
function Placeholder({ job }: { job: JobRecord }) {
  const { samples } = job.params;
  const columns = samples > 1 ? 2 : 1;
  return (
    <div
      aria-hidden
      className="grid gap-0.5 bg-slate-100"
      style={{ gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` }}
    >
      {Array.from({ length: Math.min(4, Math.max(1, samples)) }, (_, i) => (
        <div
          key={i}
          className={cn(
            'bg-gradient-to-br from-slate-100 to-indigo-100 motion-safe:animate-pulse',
            tileShape(i, Math.min(4, Math.max(1, samples))),
          )}
        />
      ))}
    </div>
  );
}

/**
 * One generation as a tile of the results grid, from "sending" to its pictures or what
 * went wrong: its pictures (each opens the viewer), or its progress, or its state in plain
 * words with the banner and the actions that fix it.
 */
export function JobCard({
  job,
  slots,
  online,
  onReuse,
  onOpen,
  onDelete,
  eager,
}: {
  job: JobRecord;
  slots: { used: number; limit: number };
  online: boolean;
  onReuse: (job: JobRecord) => void;
  /** Opens picture `index` of this generation in the viewer. */
  onOpen: (job: JobRecord, index: number) => void;
  onDelete: (job: JobRecord) => void;
  /** Near the top of the page: its pictures load at once. */
  eager?: boolean;
}) {
  const reach = canReach(job, useSettings());
  const fresh = job.finishedAt !== undefined && job.finishedAt >= pageOpenedAt;
  // A failure from before this page opened is history: its title, details on request.
  const [dismissedChoice, setDismissed] = useState<boolean>();
  const dismissed = dismissedChoice ?? !fresh;
  const [blockedCheck, setBlockedCheck] = useState(false);
  const pictures = shownPictures(job);
  const explains =
    (job.error !== undefined &&
      ((job.state === 'failed' && !dismissed) ||
        job.state === 'retrying' ||
        job.state === 'stalled')) ||
    (job.state === 'unknown' && job.connection !== 'sandbox');
  return (
    <article
      aria-label={`Generation: ${job.params.prompt}`}
      data-job-id={job.localId}
      tabIndex={-1}
      className={cn(
        'flex scroll-m-4 flex-col overflow-hidden rounded-xl bg-surface shadow-sm ring-1 ring-slate-200 focus-visible:outline-2 focus-visible:outline-indigo-600',
        // A full message needs room to be read: two columns, where the grid has two.
        explains && '@min-[22rem]:col-span-2',
      )}
    >
      {job.state === 'done' ? (
        <PictureThumbs
          images={pictures}
          alt={(i) => pictureAlt(job, i)}
          width={job.params.width}
          height={job.params.height}
          keyOf={(i) => pictureKey(job, i)}
          onOpen={(i) => onOpen(job, i)}
          onIntent={preloadViewer}
          eager={eager}
        />
      ) : null}
      {isSettled(job) ? null : <Placeholder job={job} />}
      <div className="flex flex-1 flex-col gap-3 p-3">
        <Summary job={job} />

        {job.state === 'waiting' ? (
          <div className="flex flex-wrap items-center justify-between gap-2 text-sm text-slate-600">
            {reach !== 'ok' ? <ReachNote job={job} reach={reach} /> : null}
            <p role="status">
              {reach !== 'ok'
                ? 'Waiting; nothing was sent.'
                : job.connection !== 'sandbox' && !online
                  ? 'You are offline. Waiting for the connection to come back; nothing was sent.'
                  : slots.used >= slots.limit
                    ? `Waiting for a free slot (${slots.used} of ${slots.limit} in use)`
                    : 'Starting…'}
            </p>
            <Button size="sm" onClick={() => cancelJob(job.localId)}>
              Cancel
            </Button>
          </div>
        ) : null}

        {job.state === 'sending' ? (
          <p className="flex items-center gap-2 text-sm text-slate-600" role="status">
            <span
              className="size-3 animate-spin rounded-full border-2 border-indigo-500 border-t-transparent"
              aria-hidden
            />
            Sending your request… <SendingFor />
          </p>
        ) : null}

        {job.state === 'processing' ? (
          <div className="flex flex-col gap-2">
            {reach === 'ok' ? <JobProgress job={job} /> : null}
            {!online && job.connection !== 'sandbox' ? (
              <p role="status" className="text-sm text-amber-800">
                You are offline. Checking resumes by itself when the connection is back.
              </p>
            ) : null}
            {reach !== 'ok' ? <ReachNote job={job} reach={reach} /> : null}
            {job.checkTrouble ? (
              <p className="text-xs text-amber-700">Could not check just now; trying again.</p>
            ) : null}
            <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
              <Button
                size="sm"
                onClick={(event) => {
                  // The button goes with the state: focus stays on the generation.
                  event.currentTarget.closest('article')?.focus();
                  cancelJob(job.localId);
                }}
              >
                Stop waiting
              </Button>
              <span className="text-xs text-slate-600">
                {job.connection === 'sandbox'
                  ? 'The sandbox may still finish it.'
                  : 'It may still finish on ModelsLab (and be charged).'}
              </span>
            </div>
          </div>
        ) : null}

        {job.state === 'done' && job.nsfw ? (
          <p className="text-xs text-amber-700">
            The service flagged some of these pictures as not safe for work; they may be blank.
          </p>
        ) : null}

        {job.state === 'unknown' && job.connection === 'sandbox' ? (
          <div
            role="status"
            className="flex flex-col gap-2 rounded-lg bg-amber-50 p-3 text-sm text-amber-900"
          >
            <p>
              Interrupted: the page closed while sending this to the sandbox
              {isInterruptedInSandbox(job)
                ? '. Asking the sandbox whether it arrived, to carry on from there.'
                : ', before its answer came.'}{' '}
              Nothing is ever charged in the sandbox, so sending it again is safe.
            </p>
            {can(job, 'send-again') ? (
              <div>
                <Button size="sm" onClick={() => tryAgain(job.localId)}>
                  Send it again
                </Button>
              </div>
            ) : null}
          </div>
        ) : null}

        {job.state === 'unknown' && job.connection !== 'sandbox' ? (
          <div
            role="status"
            className="flex flex-col gap-2 rounded-lg bg-amber-50 p-3 text-sm text-amber-900"
          >
            <p>
              Unknown — check your ModelsLab dashboard. The page that was sending this request
              closed before the answer came, so it may or may not have reached ModelsLab (and been
              charged). It was not sent again.
            </p>
            <div className="flex flex-wrap items-center gap-3">
              <a
                href={links.dashboard.href}
                target="_blank"
                rel="noreferrer"
                className="font-medium underline"
              >
                {links.dashboard.label}
              </a>
              {can(job, 'send-again') ? (
                <Button size="sm" onClick={() => tryAgain(job.localId)}>
                  Send it again
                </Button>
              ) : null}
            </div>
          </div>
        ) : null}

        {job.state === 'failed' && job.error && !dismissed ? (
          <ErrorBanner
            error={job.error}
            announce={fresh}
            givenUp
            simulated={job.connection === 'sandbox'}
            sentPicture={job.params.init_image !== undefined}
            onDismiss={() => setDismissed(true)}
            onTryAgain={can(job, 'send-again') ? () => tryAgain(job.localId) : undefined}
          >
            {job.error.kind === 'credits' ? <BalanceNote target={job} /> : null}
          </ErrorBanner>
        ) : null}

        {job.state === 'failed' && job.error && dismissed ? (
          <div className="flex flex-col gap-2 rounded-lg bg-red-50 p-3 text-sm text-red-900">
            <p className="font-medium">{errorTable[job.error.kind].title}.</p>
            <div className="flex flex-wrap items-center gap-2">
              {can(job, 'send-again') && errorTable[job.error.kind].canTryAgain ? (
                <Button size="sm" onClick={() => tryAgain(job.localId)}>
                  Try again
                </Button>
              ) : null}
              <Button size="sm" variant="ghost" onClick={() => setDismissed(false)}>
                Show details
              </Button>
            </div>
          </div>
        ) : null}

        {job.state === 'retrying' && job.error ? (
          <div>
            {/* Announced once, in the tab that sent it; the countdown stays out of the alert. */}
            <ErrorBanner
              error={job.error}
              announce={job.sender === tabId}
              simulated={job.connection === 'sandbox'}
              sentPicture={job.params.init_image !== undefined}
            />
            <RetryCountdown job={job} />
          </div>
        ) : null}

        {job.state === 'cancelled' ? (
          <div className="flex items-center justify-between gap-2 rounded-lg bg-slate-50 p-3 text-sm text-slate-700">
            <p role="status">Cancelled. It was not sent (again).</p>
            <Button size="sm" onClick={() => tryAgain(job.localId)}>
              Try again
            </Button>
          </div>
        ) : null}

        {job.state === 'stalled' || job.state === 'stopped' ? (
          <div className="flex flex-col gap-2 rounded-lg bg-slate-50 p-3 text-sm text-slate-700">
            <p role="status">
              {job.state === 'stopped'
                ? job.connection === 'sandbox'
                  ? 'You stopped checking on this job. The sandbox may still finish it.'
                  : 'You stopped checking on this job. It may still finish on ModelsLab.'
                : job.error
                  ? 'The app stopped checking on this job because of the problem below. The job is kept: it may still finish.'
                  : 'Still not ready after 5 minutes, so the app stopped checking. The job is kept: it may still finish.'}
              {job.remoteId ? ` Job number ${job.remoteId}.` : ''}
            </p>
            {job.state === 'stalled' && job.error ? (
              <ErrorBanner
                error={job.error}
                announce={fresh}
                givenUp
                simulated={job.connection === 'sandbox'}
                sentPicture={job.params.init_image !== undefined}
              />
            ) : null}
            {can(job, 'check-again') ? (
              <div>
                <Button
                  size="sm"
                  onClick={() => (reach === 'ok' ? checkAgain(job.localId) : setBlockedCheck(true))}
                >
                  Check again
                </Button>
                {blockedCheck && reach !== 'ok' ? <ReachNote job={job} reach={reach} /> : null}
              </div>
            ) : null}
          </div>
        ) : null}

        {isSettled(job) ? (
          // Last in the tile, away from any banner and its ✕ (a dismiss is not a delete).
          <div className="mt-auto flex flex-wrap items-center gap-1 border-t border-slate-100 pt-2 [&_button]:px-1.5 [&_button]:text-xs">
            <Button size="sm" variant="ghost" onClick={() => onReuse(job)}>
              Use these settings
            </Button>
            {job.from ? <OriginalButton localId={job.from.localId} /> : null}
            {job.state === 'done' ? null : (
              <CopyButton label="Copy prompt" text={job.params.prompt} />
            )}
            <Button
              size="sm"
              variant="ghost"
              className="ml-auto text-red-700 hover:bg-red-50"
              onClick={() => onDelete(job)}
              aria-label="Delete this generation"
            >
              Delete
            </Button>
          </div>
        ) : null}
      </div>
    </article>
  );
}

/** An enlargement's way back to the generation it enlarged, while that is still kept. */
function OriginalButton({ localId }: { localId: string }) {
  const [gone, setGone] = useState(false);
  return (
    <Button
      size="sm"
      variant="ghost"
      disabled={gone}
      title={
        gone ? 'The original is no longer in your history (or hidden by the search).' : undefined
      }
      onClick={() => {
        const tile = document.querySelector<HTMLElement>(tileSelector(localId));
        if (!tile) return setGone(true);
        tile.scrollIntoView({ block: 'center' });
        tile.focus();
      }}
    >
      {gone ? 'Original not here' : 'Show the original'}
    </Button>
  );
}
