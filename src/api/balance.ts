import { z } from 'zod/mini';
import { ApiError } from './ApiError';
import { hideSecret, parseAnswer } from './parseAnswer';

/** What the key has left to spend (docs/modelslab-api.md, "Endpoints"). */
export const BALANCE_PATH = '/api/wallet_balance';

/** A JSON number, or a number written as text (the vendor's examples send both). */
const amountSchema = z.pipe(
  z.pipe(
    z.union([z.number(), z.string().check(z.trim(), z.regex(/^-?\d+(\.\d+)?$/))]),
    z.transform((value) => Number(value)),
  ),
  // Digits enough to overflow are not an amount.
  z.number(),
);

const balanceAnswerSchema = z.object({
  status: z.literal('success'),
  data: z.object({
    balance: amountSchema,
    currency: z.catch(z.optional(z.string()), undefined),
  }),
});

/** `currency` is an ISO code such as "USD", or '' when the answer named none the app can use. */
export type Balance = { amount: number; currency: string };

/**
 * Reads the balance answer, or throws the one ApiError type: an error answer (a refused
 * key, even under HTTP 200) is classified like any answer of the API; anything else that
 * does not say the balance is "malformed".
 */
export function parseBalanceAnswer(httpStatus: number, answerText: string, apiKey = ''): Balance {
  const text = hideSecret(answerText, apiKey);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = balanceAnswerSchema.safeParse(json);
  if (parsed.success && httpStatus < 300) {
    const { balance, currency = '' } = parsed.data.data;
    const code = currency.trim().toUpperCase();
    return { amount: balance, currency: /^[A-Z]{3}$/.test(code) ? code : '' };
  }
  // Throws for an error answer, a failure code or text that is not JSON.
  parseAnswer(httpStatus, text, undefined, apiKey);
  throw new ApiError({
    kind: 'malformed',
    serverMessage: 'The answer does not say the balance.',
    httpStatus,
  });
}
