import type { ApiErrorInit } from '../../api/ApiError';
import { Button } from '../../ui/Button';
import { errorTable } from './errorTable';
import { links } from './links';

/** What went wrong, in plain words, with the server's own text and the pages that fix it. */
export function ErrorBanner({
  error,
  announce = true,
  givenUp = false,
  simulated = false,
  sentPicture = false,
  onDismiss,
  onTryAgain,
  children,
}: {
  error: ApiErrorInit;
  /** Read out at once (role="alert"); off for errors from an earlier visit. */
  announce?: boolean;
  /** The app has stopped retrying this one by itself. */
  givenUp?: boolean;
  /** A sandbox answer: simulated, and never charged. */
  simulated?: boolean;
  /** The request sent a picture of the person's (a starting picture, a mask). */
  sentPicture?: boolean;
  onDismiss?: () => void;
  onTryAgain?: () => void;
  children?: React.ReactNode;
}) {
  const entry = errorTable[error.kind];
  const forRequest =
    !sentPicture && entry.withoutPicture ? { ...entry, ...entry.withoutPicture } : entry;
  const info =
    simulated && forRequest.inSandbox
      ? { ...forRequest, ...forRequest.inSandbox, adviceWhenGivenUp: undefined }
      : forRequest;
  return (
    <div
      // Only what just happened is read out; an error from an earlier visit is just shown.
      role={announce ? 'alert' : undefined}
      className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-900"
    >
      <div className="flex items-start justify-between gap-3">
        <p className="font-semibold">{info.title}</p>
        {onDismiss ? (
          <Button variant="ghost" size="sm" onClick={onDismiss} aria-label="Dismiss this message">
            ✕
          </Button>
        ) : null}
      </div>
      <p className="mt-1">{(givenUp && info.adviceWhenGivenUp) || info.advice}</p>
      {simulated ? (
        <p className="mt-1 text-red-800">
          This answer came from the sandbox: it is simulated, and nothing is ever charged.
        </p>
      ) : null}
      <WhatWasSaid error={error} />
      {children}
      {info.links.length > 0 || (onTryAgain && info.canTryAgain) ? (
        <div className="mt-3 flex flex-wrap items-center gap-3">
          {onTryAgain && info.canTryAgain ? (
            <Button size="sm" onClick={onTryAgain}>
              Try again
            </Button>
          ) : null}
          {info.links.map((id) => (
            <a
              key={id}
              href={links[id].href}
              target="_blank"
              rel="noreferrer"
              className="font-medium text-red-900 underline underline-offset-2 hover:text-red-700"
            >
              {links[id].label}
            </a>
          ))}
        </div>
      ) : null}
    </div>
  );
}

/** Words of the browser or the app itself, not of the service. */
const notFromTheService = new Set<ApiErrorInit['kind']>([
  'blocked',
  'offline',
  'timeout',
  'cancelled',
  'redirected',
]);

/**
 * The service's own words stay in view (support asks for them); a browser's or a garbled
 * answer's raw text sits under "Details"; a web page is shown as its status and title.
 */
function WhatWasSaid({ error }: { error: ApiErrorInit }) {
  const message = error.serverMessage ?? '';
  const status =
    error.httpStatus && error.httpStatus !== 200 ? (
      <span className="text-xs text-red-700"> (HTTP {error.httpStatus})</span>
    ) : null;
  const quoted = <q className="break-words font-mono text-xs">{message}</q>;
  if (error.answerForm === 'web-page') {
    return (
      <p className="mt-2 text-red-800">
        <span className="font-medium">The address answered with a web page instead</span>
        {message ? <>: {quoted}</> : null}
        {status}
      </p>
    );
  }
  if (!message) return null;
  if (error.answerForm === 'app') return <p className="mt-2 text-red-800">{message}</p>;
  if (error.answerForm === 'text' || notFromTheService.has(error.kind)) {
    return (
      <details className="mt-2 text-red-800">
        <summary className="cursor-pointer font-medium">Details</summary>
        <p className="mt-1">
          {error.answerForm === 'text'
            ? 'The answer began: '
            : error.kind === 'blocked' || error.kind === 'offline'
              ? 'Your browser said: '
              : null}
          {quoted}
          {status}
        </p>
      </details>
    );
  }
  return (
    <p className="mt-2 text-red-800">
      <span className="font-medium">The service said: </span>
      {quoted}
      {status}
    </p>
  );
}
