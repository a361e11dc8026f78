/** Every way a call to the image API can fail, as data the UI and retry policy read. */
export const errorKinds = [
  'invalid-request',
  'invalid-field',
  'key',
  'credits',
  'plan',
  'model-not-found',
  'image-unreachable',
  'rate-limit',
  'spam-filter',
  'server',
  'unavailable',
  'job-failed',
  'malformed',
  'redirected',
  'blocked',
  'offline',
  'timeout',
  'cancelled',
] as const;

export type ErrorKind = (typeof errorKinds)[number];

export const answerForms = ['web-page', 'text', 'app'] as const;
export type AnswerForm = (typeof answerForms)[number];

export type ApiErrorInit = {
  kind: ErrorKind;
  /** The server's own words, verbatim (empty when the server said nothing). */
  serverMessage?: string;
  httpStatus?: number;
  /** Field name → messages, when the server named the fields at fault. */
  fieldErrors?: Record<string, string[]>;
  /** Seconds the server asked us to wait (429). */
  retryAfter?: number;
  /** The remote job id, when the failure belongs to a queued job. */
  jobId?: string;
  /**
   * Whose words `serverMessage` holds when they are not the service's own: the title of a
   * web page that came instead of an answer, how a garbled answer began, or the app's.
   */
  answerForm?: AnswerForm;
  cause?: unknown;
};

export class ApiError extends Error {
  readonly kind: ErrorKind;
  readonly serverMessage: string;
  readonly httpStatus: number | undefined;
  readonly fieldErrors: Record<string, string[]>;
  readonly retryAfter: number | undefined;
  readonly jobId: string | undefined;
  readonly answerForm: AnswerForm | undefined;

  constructor(init: ApiErrorInit) {
    super(init.serverMessage || init.kind, { cause: init.cause });
    this.name = 'ApiError';
    this.kind = init.kind;
    this.serverMessage = init.serverMessage ?? '';
    this.httpStatus = init.httpStatus;
    this.fieldErrors = init.fieldErrors ?? {};
    this.retryAfter = init.retryAfter;
    this.jobId = init.jobId;
    this.answerForm = init.answerForm;
  }

  /** A plain, storable copy (never holds the key: the client never puts it in an error). */
  toJSON(): ApiErrorInit {
    return {
      kind: this.kind,
      serverMessage: this.serverMessage,
      httpStatus: this.httpStatus,
      fieldErrors: this.fieldErrors,
      retryAfter: this.retryAfter,
      jobId: this.jobId,
      ...(this.answerForm ? { answerForm: this.answerForm } : {}),
    };
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}
