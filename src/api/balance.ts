import { z } from 'zod/mini';
import { ApiError } from './ApiError';
import { hideSecret, parseAnswer } from './parseAnswer';

/** What the key has left to spend (docs/modelslab-api.md, "Endpoints"). */
export const BALANCE_PATH = '/api/wallet_balance';

const balanceAnswerSchema = z.object({
  status: z.literal('success'),
  data: z.object({
    // A number, or a number written as text (the vendor's examples send both).
    balance: z.union([z.number(), z.string().check(z.regex(/^\s*-?\d+(\.\d+)?\s*$/))]),
    currency: z.catch(z.string(), ''),
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
  const amount = Number(parsed.data?.data.balance);
  // Digits enough to overflow, or more money than any account holds, are not an amount.
  if (parsed.success && httpStatus < 300 && Number.isFinite(amount) && Math.abs(amount) < 1e12) {
    const code = parsed.data.data.currency.trim().toUpperCase();
    return { amount, currency: /^[A-Z]{3}$/.test(code) ? code : '' };
  }
  // Throws for an error answer, a failure code or text that is not JSON.
  parseAnswer(httpStatus, text, undefined, apiKey);
  throw new ApiError({
    kind: 'malformed',
    serverMessage: 'The answer does not say the balance.',
    httpStatus,
  });
}
