import type { ErrorKind } from '../../api/ApiError';
import type { LinkId } from './links';

/**
 * What each kind of failure means for a person: a title in plain words, what to do,
 * how the app resends it, and the pages that fix it. Banners and the resending of a
 * generation (retryPolicy.ts) read this table. Checking on a queued job is safe to
 * repeat and has its own schedule (src/features/jobs/pollSchedule.ts).
 * See docs/modelslab-api.md, section 5 "Errors".
 *
 * retry (retryPolicy.ts; "sends" counts every send of the generation):
 * - 'never': the app does not send it again (it would fail the same way, cost credits
 *   for nothing, or the job failed on the service)
 * - 'after-wait': wait the server's retry_after seconds (DEFAULT_RETRY_AFTER_S, 30 s,
 *   when absent), capped at 600 s, and send again; at most 5 sends in all
 * - 'backoff': wait 1 s, then 2 s; at most 3 sends in all
 * - 'manual': the request may have been received and charged; only the person resends
 */
export type RetryRule = 'never' | 'after-wait' | 'backoff' | 'manual';

export type ErrorInfo = {
  title: string;
  advice: string;
  /** For kinds the app retries by itself: what to say once it has stopped trying. */
  adviceWhenGivenUp?: string;
  /** For kinds about a picture the person gave: what to say when the request had none. */
  withoutPicture?: { title: string; advice: string };
  /**
   * Where the advice is about paying twice, the dashboard or the address, what to say
   * instead when the sandbox acted it out (nothing is charged, nothing left the browser).
   */
  inSandbox?: { advice: string; links: LinkId[] };
  retry: RetryRule;
  /** Whether "Try again" makes sense to offer. */
  canTryAgain: boolean;
  links: LinkId[];
};

export const DEFAULT_RETRY_AFTER_S = 30;

export const errorTable: Record<ErrorKind, ErrorInfo> = {
  'invalid-request': {
    title: 'The service could not accept this request',
    advice:
      'Check the settings in the form, change what the message below points at, then generate again.',
    retry: 'never',
    canTryAgain: false,
    links: ['docs'],
  },
  'invalid-field': {
    title: 'The service did not accept one of the settings',
    advice: 'The field at fault is marked in the form. Correct it and generate again.',
    retry: 'never',
    canTryAgain: false,
    links: [],
  },
  key: {
    title: 'Your API key was not accepted',
    advice:
      'Copy your key again from your ModelsLab API keys page and paste it into "API key". It may be mistyped, revoked or expired.',
    retry: 'never',
    canTryAgain: false,
    links: ['apiKeys'],
  },
  credits: {
    title: 'Your ModelsLab account is out of credits',
    advice: 'Add credits or renew your subscription, then generate again.',
    retry: 'never',
    canTryAgain: true,
    links: ['dashboard', 'pricing'],
  },
  plan: {
    title: 'This needs a premium plan',
    advice:
      'Your plan does not include this feature. Upgrade your subscription, or pick another model.',
    retry: 'never',
    canTryAgain: false,
    links: ['pricing'],
  },
  'model-not-found': {
    title: 'That model does not exist',
    advice:
      'Check the spelling of "Model", or pick one from the list of models (flux works for most pictures).',
    retry: 'never',
    canTryAgain: false,
    links: ['models'],
  },
  'image-unreachable': {
    title: 'The service could not download your starting picture',
    advice:
      'The picture must be at a public web address. Choose it again from your computer (it is then uploaded for you), or use another link.',
    withoutPicture: {
      title: 'ModelsLab hit a problem on its side',
      advice:
        'Nothing is wrong with your settings. Try again; if it keeps happening, contact support and quote the message below.',
    },
    retry: 'never',
    canTryAgain: true,
    links: ['support'],
  },
  'rate-limit': {
    title: 'Too many pictures are being made at once',
    advice:
      'Your plan allows only a few requests in the queue at a time. The app waits and sends it again.',
    adviceWhenGivenUp:
      'The queue stayed full after several tries. Wait for your other pictures to finish, then try again; a bigger plan allows more at once.',
    retry: 'after-wait',
    canTryAgain: true,
    links: ['pricing'],
  },
  'spam-filter': {
    title: 'The same request was sent too often',
    advice:
      'The service pauses identical requests for a short while. Wait half a minute, or change the prompt.',
    adviceWhenGivenUp: 'Wait a minute before sending the same request again, or change the prompt.',
    retry: 'after-wait',
    canTryAgain: true,
    links: [],
  },
  server: {
    title: 'ModelsLab had a problem on its side',
    advice:
      'This is not your fault. The app tries again a few times; if it keeps happening, check the status page.',
    adviceWhenGivenUp:
      'This is not your fault. It failed again after a few tries: check the status page, then try again later.',
    retry: 'backoff',
    canTryAgain: true,
    links: ['status', 'support'],
  },
  unavailable: {
    title: 'ModelsLab is temporarily unavailable',
    advice:
      'The service is down or under maintenance. The app tries again a few times; check the status page.',
    adviceWhenGivenUp:
      'The service is down or under maintenance and did not come back after a few tries. Check the status page, then try again later.',
    retry: 'backoff',
    canTryAgain: true,
    links: ['status'],
  },
  'job-failed': {
    title: 'The service could not make this picture',
    advice: 'The job failed on ModelsLab. Try again, perhaps with a different prompt or model.',
    retry: 'never',
    canTryAgain: true,
    links: ['status', 'support'],
  },
  malformed: {
    title: 'The answer from the service could not be read',
    advice:
      'The answer arrived damaged, so no picture could be shown. Try again. If you changed the address under Connection, switch back to ModelsLab.',
    retry: 'never',
    canTryAgain: true,
    links: ['status'],
    inSandbox: {
      advice: 'The answer arrived damaged, so no picture could be shown. Try again.',
      links: [],
    },
  },
  redirected: {
    title: 'The API address sent the request somewhere else',
    advice:
      'The address in the connection settings answered with a redirect. The app does not follow it, so your key was not sent on. Check the address under Connection (a proxy must forward requests, not redirect them).',
    retry: 'never',
    canTryAgain: false,
    links: ['status'],
  },
  blocked: {
    title: 'Your browser could not reach the service',
    advice:
      'Check your internet connection. The request may still have reached ModelsLab, so look at your dashboard before trying again, to avoid paying twice. If it keeps failing while other websites work, your browser may be refusing to talk to ModelsLab directly: choose "Same site" under Connection if the person who set up this page offers it.',
    retry: 'manual',
    canTryAgain: true,
    links: ['dashboard', 'status'],
    inSandbox: {
      advice:
        'The sandbox acted out a network failure, as when your browser cannot reach ModelsLab. Try again.',
      links: [],
    },
  },
  offline: {
    // The browser says only that it is offline now: it may have been before the request left.
    title: 'No internet connection',
    advice:
      'This device is offline, so no answer came. If the connection dropped after the request left, it may still have reached ModelsLab (and been charged): once you are back online, check your dashboard before trying again.',
    retry: 'manual',
    canTryAgain: true,
    links: ['dashboard'],
    inSandbox: {
      advice: 'This device is offline, so no answer came. Try again once you are back online.',
      links: [],
    },
  },
  timeout: {
    title: 'The service took too long to answer',
    advice:
      'The request may still have reached ModelsLab and be charged: check your dashboard before trying again.',
    retry: 'manual',
    canTryAgain: true,
    links: ['dashboard', 'status'],
    inSandbox: {
      advice: 'The answer did not come in time. Try again.',
      links: [],
    },
  },
  cancelled: {
    title: 'Stopped',
    advice: 'You stopped this request.',
    retry: 'never',
    canTryAgain: true,
    links: [],
  },
};
