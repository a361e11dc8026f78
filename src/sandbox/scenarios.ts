import { useSyncExternalStore } from 'react';
import { MASK_SIZE_MISMATCH, UNABLE_TO_FETCH } from './editRules';

/**
 * Scripted answers the sandbox gives instead of its normal ones, so every kind of
 * failure can be seen on purpose (for demos and for the tests). Plain data: the picker
 * that shows them loads with the page, the sandbox that plays them only when it is used.
 */

/** The calls the sandbox answers; `fetch` is a fetch of a queued job in either family. */
export type SandboxCall =
  | 'text2img'
  | 'img2img'
  | 'inpaint'
  | 'upscale'
  | 'fetch'
  | 'models'
  | 'upload'
  | 'balance';

/** The calls that start a picture job. */
export type JobCall = 'text2img' | 'img2img' | 'inpaint' | 'upscale';

export type ScriptedAnswer =
  | {
      /** Which call it answers (the first of these calls to come, for a one-shot scenario). */
      call: SandboxCall;
      /** Other calls it answers the same way: a failure of the service, not of one call. */
      also?: SandboxCall[];
      /** HTTP status; 0 means the network fails (the browser's fetch throws). */
      status: number;
      /** `%ORIGIN%` in it stands for where the sandbox answers (for a `fetch_result`). */
      body: string;
      contentType?: string;
    }
  | {
      call: JobCall;
      also?: JobCall[];
      /** The usual answer, this much later: the request itself is received at once. */
      delayMs: number;
    };

/** Whether `answer` is scripted for `call`. */
export const answersCall = (answer: ScriptedAnswer, call: SandboxCall) =>
  answer.call === call || (answer.also as SandboxCall[] | undefined)?.includes(call) === true;

export type Scenario = {
  id: string;
  label: string;
  answers: ScriptedAnswer[];
  /** Keeps answering this way until another scenario is chosen. */
  sticky?: boolean;
};

const json = (
  call: SandboxCall,
  status: number,
  body: unknown,
  also?: SandboxCall[],
): ScriptedAnswer => ({ call, status, body: JSON.stringify(body), ...(also ? { also } : {}) });

/** The other calls that start a picture job: a service-wide failure answers them too. */
const OTHER_JOBS: SandboxCall[] = ['img2img', 'inpaint', 'upscale'];
/** The other calls that take a model and picture settings. */
const OTHER_MODEL_JOBS: SandboxCall[] = ['img2img', 'inpaint'];

export const SCENARIO_JOB_ID = 424242;

export const scenarios: Scenario[] = [
  { id: 'normal', label: 'Everything works', answers: [] },
  {
    id: 'slow',
    label: 'A slow answer: 20 seconds (try reloading meanwhile)',
    answers: [{ call: 'text2img', delayMs: 20_000 }],
  },
  {
    id: 'key-401',
    label: 'Your key is refused',
    answers: [json('text2img', 401, { status: 'error', message: 'Invalid API key' }, OTHER_JOBS)],
  },
  {
    id: 'key-200',
    label: 'Your key is refused (older wording)',
    answers: [json('text2img', 200, { status: 'error', messege: 'Invalid Api Key' }, OTHER_JOBS)],
  },
  {
    id: 'credits',
    label: 'Your account is out of credits',
    answers: [
      json(
        'text2img',
        402,
        {
          status: 'error',
          message: 'Insufficient credits. Please add more credits to continue.',
        },
        OTHER_JOBS,
      ),
    ],
  },
  {
    id: 'plan',
    label: 'The model needs a paid plan',
    answers: [
      json(
        'text2img',
        403,
        { status: 'error', message: 'This feature requires a premium subscription' },
        OTHER_JOBS,
      ),
    ],
  },
  {
    id: 'model',
    label: 'The model does not exist',
    answers: [
      json(
        'text2img',
        400,
        { status: 'error', message: 'Model not found: my-model' },
        OTHER_MODEL_JOBS,
      ),
    ],
  },
  {
    id: 'field',
    label: 'The width is refused',
    answers: [
      json(
        'text2img',
        400,
        { status: 'error', message: 'width must be between 256 and 1024' },
        OTHER_MODEL_JOBS,
      ),
    ],
  },
  {
    id: 'field-object',
    label: 'Two settings are refused at once',
    answers: [
      json(
        'text2img',
        200,
        {
          status: 'error',
          message: {
            width: ['width must be between 256 and 1024'],
            samples: ['samples must be between 1 and 4'],
          },
        },
        OTHER_MODEL_JOBS,
      ),
    ],
  },
  {
    id: 'image',
    label: 'A picture cannot be downloaded',
    answers: [json('text2img', 400, { status: 'error', message: UNABLE_TO_FETCH }, OTHER_JOBS)],
  },
  {
    id: 'rate-limit',
    label: 'Too many at once: wait 3 s, then it works',
    answers: [
      json(
        'text2img',
        429,
        {
          status: 'error',
          message: 'Rate limit exceeded. Maximum 5 queued requests allowed.',
          retry_after: 3,
        },
        OTHER_JOBS,
      ),
    ],
  },
  {
    id: 'server-recovers',
    label: 'A hiccup on the service, then it works',
    answers: [
      json(
        'text2img',
        500,
        { status: 'error', message: 'Internal server error. Please try again.' },
        OTHER_JOBS,
      ),
    ],
  },
  {
    id: 'unavailable',
    label: 'The service is down (until you pick another)',
    sticky: true,
    answers: [
      json(
        'text2img',
        503,
        { status: 'error', message: 'Service temporarily unavailable. Please try again later.' },
        OTHER_JOBS,
      ),
    ],
  },
  {
    id: 'failed',
    label: 'The picture is queued, then fails',
    answers: [
      json('text2img', 200, {
        status: 'processing',
        id: SCENARIO_JOB_ID,
        eta: 2,
        messege: 'Try to fetch request after seconds estimated',
        output: [],
        future_links: [],
      }),
      json('fetch', 200, {
        status: 'failed',
        id: '',
        message: 'Request failed: the GPU worker stopped.',
        output: '',
      }),
    ],
  },
  {
    id: 'malformed',
    label: 'A garbled answer',
    answers: [
      {
        call: 'text2img',
        also: OTHER_JOBS,
        status: 200,
        body: '{"status":"success","output":["https://',
      },
    ],
  },
  {
    id: 'html',
    label: 'A web page instead of an answer (broken proxy)',
    answers: [
      {
        call: 'text2img',
        also: OTHER_JOBS,
        status: 502,
        contentType: 'text/html',
        body: '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><script>alert("x")</script></body></html>',
      },
    ],
  },
  {
    id: 'network',
    label: 'No connection: the browser cannot reach it',
    answers: [{ call: 'text2img', also: OTHER_JOBS, status: 0, body: '' }],
  },
  {
    id: 'models-down',
    label: 'The model list is down (until you pick another)',
    sticky: true,
    answers: [
      json('models', 503, {
        status: 'error',
        message: 'Service temporarily unavailable. Please try again later.',
      }),
    ],
  },
  // Issue 10: the calls that start from a picture, uploads and the balance.
  {
    id: 'upload-500',
    label: 'Uploading a picture fails (server error)',
    answers: [
      json('upload', 500, { status: 'error', message: 'Internal server error. Please try again.' }),
    ],
  },
  {
    id: 'upload-too-large',
    label: 'Uploading a picture is refused: larger than 5 MB',
    answers: [
      json('upload', 400, { status: 'error', message: 'image must not be larger than 5 MB' }),
    ],
  },
  {
    id: 'init-unreachable',
    label: "The starting picture's address cannot be downloaded",
    answers: [
      json('img2img', 400, { status: 'error', message: UNABLE_TO_FETCH }, ['inpaint', 'upscale']),
    ],
  },
  {
    id: 'mask-mismatch',
    label: 'The mask does not fit the picture',
    answers: [
      json('inpaint', 400, {
        status: 'error',
        message: MASK_SIZE_MISMATCH,
      }),
    ],
  },
  {
    id: 'slow-edit',
    label: 'A slow picture job from a picture: 20 seconds (try reloading meanwhile)',
    answers: [{ call: 'img2img', also: ['inpaint', 'upscale'], delayMs: 20_000 }],
  },
  {
    id: 'edit-failed',
    label: 'Changing a picture is queued, then fails',
    answers: [
      json(
        'img2img',
        200,
        {
          status: 'processing',
          id: SCENARIO_JOB_ID,
          eta: 2,
          messege: 'Try to fetch request after seconds estimated',
          fetch_result: `%ORIGIN%/api/v6/images/fetch/${SCENARIO_JOB_ID}`,
          output: [],
          future_links: [],
        },
        ['inpaint'],
      ),
      json('fetch', 200, {
        status: 'failed',
        id: '',
        message: 'Request failed: the GPU worker stopped.',
        output: '',
      }),
    ],
  },
  {
    id: 'upscale-failed',
    label: 'Enlarging fails (job failed)',
    answers: [
      json('upscale', 200, {
        status: 'processing',
        id: SCENARIO_JOB_ID,
        eta: 2,
        messege: 'Try to fetch request after seconds estimated',
        fetch_result: `%ORIGIN%/api/v6/image_editing/fetch/${SCENARIO_JOB_ID}`,
        output: [],
        future_links: [],
      }),
      json('fetch', 200, {
        status: 'failed',
        id: '',
        message: 'Request failed: the upscaler stopped.',
        output: '',
      }),
    ],
  },
  {
    id: 'balance-key',
    label: 'Your key is refused when checking the balance (until you pick another)',
    sticky: true,
    answers: [json('balance', 401, { status: 'error', message: 'Invalid API key' })],
  },
  {
    id: 'balance-empty',
    label: 'Out of credits: balance 0.00, every picture refused (until you pick another)',
    sticky: true,
    answers: [
      json('balance', 200, { status: 'success', data: { balance: 0, currency: 'USD' } }),
      json(
        'text2img',
        402,
        { status: 'error', message: 'Insufficient credits. Please add more credits to continue.' },
        OTHER_JOBS,
      ),
    ],
  },
  {
    id: 'balance-down',
    label: 'Checking the balance fails (service down)',
    answers: [
      json('balance', 503, {
        status: 'error',
        message: 'Service temporarily unavailable. Please try again later.',
      }),
    ],
  },
];

let current: Scenario = scenarios[0] as Scenario;
let pending: ScriptedAnswer[] = [];
const listeners = new Set<() => void>();

export const scenarioStore = {
  get: () => current,
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  choose(id: string) {
    current = scenarios.find((scenario) => scenario.id === id) ?? (scenarios[0] as Scenario);
    pending = [...current.answers];
    for (const listener of listeners) listener();
  },
  /** The scripted answer for this call, if any; one-shot scenarios end when used up. */
  take(call: SandboxCall): ScriptedAnswer | undefined {
    if (current.sticky) return current.answers.find((answer) => answersCall(answer, call));
    const index = pending.findIndex((answer) => answersCall(answer, call));
    if (index < 0) return undefined;
    const [answer] = pending.splice(index, 1);
    if (pending.length === 0) scenarioStore.choose('normal');
    return answer;
  },
};

export function useScenario(): Scenario {
  return useSyncExternalStore(scenarioStore.subscribe, scenarioStore.get, scenarioStore.get);
}
