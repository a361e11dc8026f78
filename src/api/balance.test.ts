import { describe, expect, test } from 'vitest';
import { ApiError } from './ApiError';
import { parseBalanceAnswer } from './balance';
import { createApiClient, type Transport } from './client';

const KEY = 'sk-secret-key-0123456789';

const answer = (data: unknown) => JSON.stringify({ status: 'success', data });

function failure(run: () => unknown): ApiError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error('expected it to throw');
}

describe('parseBalanceAnswer: the balance, or the one error type', () => {
  test('a good answer is the amount and its currency', () => {
    expect(parseBalanceAnswer(200, answer({ balance: 43.6, currency: 'USD' }))).toEqual({
      amount: 43.6,
      currency: 'USD',
    });
  });

  test('an amount written as text is read as a number', () => {
    expect(parseBalanceAnswer(200, answer({ balance: ' 12.50 ', currency: 'EUR' }))).toEqual({
      amount: 12.5,
      currency: 'EUR',
    });
  });

  test.each([
    ['no currency', {}],
    ['a currency that is not a code', { currency: 'US Dollars' }],
    ['a currency that is not text', { currency: 840 }],
  ])('%s leaves the currency out', (_name, extra) => {
    expect(parseBalanceAnswer(200, answer({ balance: 5, ...extra }))).toEqual({
      amount: 5,
      currency: '',
    });
  });

  test.each([
    ['more money than any account holds', answer({ balance: 1e308, currency: 'USD' })],
    ['an amount of 300 digits', answer({ balance: '9'.repeat(300), currency: 'USD' })],
    ['no data', JSON.stringify({ status: 'success' })],
    ['no balance', answer({ currency: 'USD' })],
    ['a balance that is not a number', answer({ balance: 'lots', currency: 'USD' })],
    ['a balance too large to be a number', answer({ balance: '9'.repeat(400) })],
    ['a success answer of another endpoint', '{"status":"success","output":["https://a/b.png"]}'],
  ])('%s is "malformed"', (_name, text) => {
    expect(failure(() => parseBalanceAnswer(200, text)).kind).toBe('malformed');
  });

  test('a refused key under HTTP 200, spelled "messege", is a key error with its words', () => {
    const error = failure(() =>
      parseBalanceAnswer(200, JSON.stringify({ status: 'error', messege: 'Invalid API key' })),
    );
    expect(error.kind).toBe('key');
    expect(error.serverMessage).toBe('Invalid API key');
  });

  test('HTTP 401 is a refused key', () => {
    const error = failure(() =>
      parseBalanceAnswer(401, JSON.stringify({ status: 'error', message: 'Invalid API key' })),
    );
    expect(error).toMatchObject({ kind: 'key', httpStatus: 401, serverMessage: 'Invalid API key' });
  });

  test('a web page instead of an answer is shown as its title', () => {
    const error = failure(() =>
      parseBalanceAnswer(503, '<html><title>Service Unavailable</title><body>…</body></html>'),
    );
    expect(error).toMatchObject({
      kind: 'unavailable',
      answerForm: 'web-page',
      serverMessage: 'Service Unavailable',
    });
  });

  test('the key echoed by the server is cleared from what is kept', () => {
    const error = failure(() =>
      parseBalanceAnswer(
        401,
        JSON.stringify({ status: 'error', message: `Invalid API key ${KEY}` }),
        KEY,
      ),
    );
    expect(error.serverMessage).toBe('Invalid API key [your API key]');
    expect(JSON.stringify(error.toJSON())).not.toContain(KEY);
  });
});

test('the client asks for the balance with the key in the body, at the documented address', async () => {
  const requests: Array<{ url: string; body: unknown }> = [];
  const transport: Transport = async (request) => {
    requests.push({ url: request.url, body: await request.json() });
    return Response.json({ status: 'success', data: { balance: 43.6, currency: 'USD' } });
  };
  const client = createApiClient({ baseUrl: 'https://proxy.example/', apiKey: KEY, transport });
  expect(await client.balance()).toEqual({ amount: 43.6, currency: 'USD' });
  expect(requests).toEqual([
    { url: 'https://proxy.example/api/wallet_balance', body: { key: KEY } },
  ]);
});
