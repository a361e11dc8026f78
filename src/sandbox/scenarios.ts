import { useSyncExternalStore } from 'react';

/**
 * Scripted answers the sandbox gives instead of its normal ones, so every kind of
 * failure can be seen on purpose (for demos and for the tests). Plain data: the picker
 * that shows them loads with the page, the sandbox that plays them only when it is used.
 */

export type ScriptedAnswer =
  | {
      /** Which call it answers: the text2img request, a fetch of a queued job, the model list. */
      call: 'text2img' | 'fetch' | 'models';
      /** HTTP status; 0 means the network fails (the browser's fetch throws). */
      status: number;
      body: string;
      contentType?: string;
    }
  | {
      call: 'text2img';
      /** The usual answer, this much later: the request itself is received at once. */
      delayMs: number;
    };

export type Scenario = {
  id: string;
  label: string;
  answers: ScriptedAnswer[];
  /** Keeps answering this way until another scenario is chosen. */
  sticky?: boolean;
};

const json = (call: ScriptedAnswer['call'], status: number, body: unknown): ScriptedAnswer => ({
  call,
  status,
  body: JSON.stringify(body),
});

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
    answers: [json('text2img', 401, { status: 'error', message: 'Invalid API key' })],
  },
  {
    id: 'key-200',
    label: 'Your key is refused (older wording)',
    answers: [json('text2img', 200, { status: 'error', messege: 'Invalid Api Key' })],
  },
  {
    id: 'credits',
    label: 'Your account is out of credits',
    answers: [
      json('text2img', 402, {
        status: 'error',
        message: 'Insufficient credits. Please add more credits to continue.',
      }),
    ],
  },
  {
    id: 'plan',
    label: 'The model needs a paid plan',
    answers: [
      json('text2img', 403, {
        status: 'error',
        message: 'This feature requires a premium subscription',
      }),
    ],
  },
  {
    id: 'model',
    label: 'The model does not exist',
    answers: [json('text2img', 400, { status: 'error', message: 'Model not found: my-model' })],
  },
  {
    id: 'field',
    label: 'The width is refused',
    answers: [
      json('text2img', 400, { status: 'error', message: 'width must be between 256 and 1024' }),
    ],
  },
  {
    id: 'field-object',
    label: 'Two settings are refused at once',
    answers: [
      json('text2img', 200, {
        status: 'error',
        message: {
          width: ['width must be between 256 and 1024'],
          samples: ['samples must be between 1 and 4'],
        },
      }),
    ],
  },
  {
    id: 'image',
    label: 'A picture cannot be downloaded',
    answers: [
      json('text2img', 400, {
        status: 'error',
        message: 'Unable to fetch image from provided URL',
      }),
    ],
  },
  {
    id: 'rate-limit',
    label: 'Too many at once: wait 3 s, then it works',
    answers: [
      json('text2img', 429, {
        status: 'error',
        message: 'Rate limit exceeded. Maximum 5 queued requests allowed.',
        retry_after: 3,
      }),
    ],
  },
  {
    id: 'server-recovers',
    label: 'A hiccup on the service, then it works',
    answers: [
      json('text2img', 500, {
        status: 'error',
        message: 'Internal server error. Please try again.',
      }),
    ],
  },
  {
    id: 'unavailable',
    label: 'The service is down (until you pick another)',
    sticky: true,
    answers: [
      json('text2img', 503, {
        status: 'error',
        message: 'Service temporarily unavailable. Please try again later.',
      }),
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
    answers: [{ call: 'text2img', status: 200, body: '{"status":"success","output":["https://' }],
  },
  {
    id: 'html',
    label: 'A web page instead of an answer (broken proxy)',
    answers: [
      {
        call: 'text2img',
        status: 502,
        contentType: 'text/html',
        body: '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><script>alert("x")</script></body></html>',
      },
    ],
  },
  {
    id: 'network',
    label: 'No connection: the browser cannot reach it',
    answers: [{ call: 'text2img', status: 0, body: '' }],
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
  take(call: ScriptedAnswer['call']): ScriptedAnswer | undefined {
    if (current.sticky) return current.answers.find((answer) => answer.call === call);
    const index = pending.findIndex((answer) => answer.call === call);
    if (index < 0) return undefined;
    const [answer] = pending.splice(index, 1);
    if (pending.length === 0) scenarioStore.choose('normal');
    return answer;
  },
};

export function useScenario(): Scenario {
  return useSyncExternalStore(scenarioStore.subscribe, scenarioStore.get, scenarioStore.get);
}
