import { describe, expect, test } from 'vitest';
import { ApiError } from './ApiError';
import { classifyError, parseAnswer, readMessage } from './parseAnswer';

/** Runs `parseAnswer` expecting an ApiError, and returns it for exact assertions. */
function parseError(httpStatus: number, body: unknown, jobId?: string): ApiError {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  try {
    parseAnswer(httpStatus, text, jobId);
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error(`expected parseAnswer(${httpStatus}, ${text}) to throw an ApiError`);
}

function parse(httpStatus: number, body: unknown, jobId?: string) {
  return parseAnswer(httpStatus, JSON.stringify(body), jobId);
}

describe('parseAnswer: success', () => {
  test('a full text2img success gives the images, id as text, the big seed as text, and the time', () => {
    const answer = parse(200, {
      status: 'success',
      generationTime: 1.06,
      id: 91753437,
      output: ['https://cdn.example/generations/5c4b3a-0.png'],
      proxy_links: ['https://proxy.example/generations/5c4b3a-0.png'],
      meta: { height: 512, width: 512, n_samples: 1, seed: 3977575608, prompt: 'a cat' },
      tip: 'Upgrade to get faster generations',
    });
    expect(answer).toEqual({
      status: 'success',
      id: '91753437',
      images: ['https://cdn.example/generations/5c4b3a-0.png'],
      seed: '3977575608',
      generationTime: 1.06,
      nsfw: false,
    });
  });

  test('a success whose proxy_links is the empty string still gives the output images', () => {
    const answer = parse(200, {
      status: 'success',
      id: 5,
      output: ['https://cdn.example/a.png', 'https://cdn.example/b.png'],
      proxy_links: '',
    });
    expect(answer).toEqual({
      status: 'success',
      id: '5',
      images: ['https://cdn.example/a.png', 'https://cdn.example/b.png'],
      seed: undefined,
      generationTime: undefined,
      nsfw: false,
    });
  });

  test('the minimal fetch success gives its images and id', () => {
    const answer = parse(200, {
      status: 'success',
      id: 13443927,
      output: ['https://cdn.example/generations/9f8e7d-0.png'],
    });
    expect(answer.status).toBe('success');
    expect(answer.id).toBe('13443927');
    expect(answer).toMatchObject({ images: ['https://cdn.example/generations/9f8e7d-0.png'] });
  });

  test('a string id is kept as the same string', () => {
    const answer = parse(200, {
      status: 'success',
      id: 'abc123-def456',
      output: ['https://cdn.example/x.png'],
    });
    expect(answer.id).toBe('abc123-def456');
  });

  test('a seed above 2^31 in meta comes back exactly, as text', () => {
    const answer = parse(200, {
      status: 'success',
      id: 1,
      output: ['https://cdn.example/x.png'],
      meta: { seed: 4294967295 },
    });
    expect(answer.seed).toBe('4294967295');
  });

  test('a success with no id takes the job id the caller asked about', () => {
    const answer = parse(200, { status: 'success', output: ['https://cdn.example/x.png'] }, '77');
    expect(answer.id).toBe('77');
  });

  test('nsfw_content_detected true, "true" or [true] marks the answer nsfw', () => {
    for (const flag of [true, 'true', [false, true]]) {
      const answer = parse(200, {
        status: 'success',
        id: 1,
        output: ['https://cdn.example/x.png'],
        nsfw_content_detected: flag,
      });
      expect(answer).toMatchObject({ status: 'success', nsfw: true });
    }
  });

  test('nsfw_content_detected false or "false" leaves nsfw false', () => {
    for (const flag of [false, 'false', [false]]) {
      const answer = parse(200, {
        status: 'success',
        id: 1,
        output: ['https://cdn.example/x.png'],
        nsfw_content_detected: flag,
      });
      expect(answer).toMatchObject({ status: 'success', nsfw: false });
    }
  });

  test('a success with an empty output falls back to the proxy links', () => {
    const answer = parse(200, {
      status: 'success',
      id: 1,
      output: [],
      proxy_links: ['https://proxy.example/x.png'],
    });
    expect(answer).toMatchObject({ images: ['https://proxy.example/x.png'] });
  });

  test('javascript: URLs, relative paths and non-image data URLs are dropped from output', () => {
    const answer = parse(200, {
      status: 'success',
      id: 1,
      output: [
        'javascript:alert(1)',
        '/generations/x.png',
        'generations/y.png',
        'data:text/html;base64,PHNjcmlwdD4=',
        42,
        'https://cdn.example/ok.png',
        'http://cdn.example/ok2.jpg',
        'data:image/png;base64,iVBORw0KGgo=',
      ],
    });
    expect(answer).toMatchObject({
      images: [
        'https://cdn.example/ok.png',
        'http://cdn.example/ok2.jpg',
        'data:image/png;base64,iVBORw0KGgo=',
      ],
    });
  });

  test('a success whose only images are unsafe URLs is malformed, keeping the raw text', () => {
    const body = { status: 'success', id: 9, output: ['javascript:alert(1)', '/x.png'] };
    const error = parseError(200, body);
    expect(error.kind).toBe('malformed');
    expect(error.httpStatus).toBe(200);
    expect(error.serverMessage).toBe(JSON.stringify(body));
    expect(error.jobId).toBe('9');
  });

  test('a success with no image at all is malformed', () => {
    const error = parseError(200, { status: 'success', id: 3, output: [], proxy_links: '' });
    expect(error.kind).toBe('malformed');
    expect(error.jobId).toBe('3');
  });

  test('a success whose output is a string, not a list, is malformed', () => {
    const error = parseError(200, {
      status: 'success',
      id: 3,
      output: 'https://cdn.example/x.png',
    });
    expect(error.kind).toBe('malformed');
    expect(error.httpStatus).toBe(200);
  });
});

describe('parseAnswer: processing', () => {
  const queued = {
    status: 'processing',
    tip: 'Upgrade for priority',
    tip_1: 'More tips',
    eta: 2.75,
    messege: 'Try to fetch request after seconds estimated',
    webhook_status: '',
    fetch_result: 'https://modelslab.com/api/v6/images/fetch/134701497',
    id: 134701497,
    output: [],
    meta: {
      prompt: 'a cat',
      model_id: 'ae-sdxl-v1',
      W: 1024,
      H: 1024,
      seed: 3312345678,
      id: '134701497',
    },
    future_links: ['https://cdn.example/generations/0-1a2b3c.jpg'],
  };

  test('a queued job gives its id, fractional eta, fetch URL, future links, seed and the messege text', () => {
    expect(parse(200, queued)).toEqual({
      status: 'processing',
      id: '134701497',
      etaSeconds: 2.75,
      fetchUrl: 'https://modelslab.com/api/v6/images/fetch/134701497',
      futureLinks: ['https://cdn.example/generations/0-1a2b3c.jpg'],
      seed: '3312345678',
      message: 'Try to fetch request after seconds estimated',
    });
  });

  test('the message is read from `message` as well as from `messege`', () => {
    const { messege: _unused, ...rest } = queued;
    const answer = parse(200, { ...rest, message: 'Your request is being processed' });
    expect(answer).toMatchObject({ message: 'Your request is being processed' });
  });

  test('a queued job without fetch_result keeps its id and has no fetch URL', () => {
    const answer = parse(200, { status: 'processing', id: 'abc123-def456', eta: 30 });
    expect(answer).toEqual({
      status: 'processing',
      id: 'abc123-def456',
      etaSeconds: 30,
      fetchUrl: undefined,
      futureLinks: [],
      seed: undefined,
      message: '',
    });
  });

  test('a fetch "try again later" with output "" and no eta or id takes the id from the caller', () => {
    const answer = parse(
      200,
      { status: 'processing', messege: 'try again later.', output: '', tip: 'Upgrade' },
      '134701497',
    );
    expect(answer).toEqual({
      status: 'processing',
      id: '134701497',
      etaSeconds: undefined,
      fetchUrl: undefined,
      futureLinks: [],
      seed: undefined,
      message: 'try again later.',
    });
  });

  test('a "try again later" with no id from anywhere is malformed (nothing to ask about later)', () => {
    const error = parseError(200, {
      status: 'processing',
      message: 'try again later.',
      output: '',
    });
    expect(error.kind).toBe('malformed');
    expect(error.jobId).toBeUndefined();
  });

  test('a queued job with only a fetch_result and no id is still usable', () => {
    const answer = parse(200, {
      status: 'processing',
      fetch_result: 'https://modelslab.com/api/v6/realtime/fetch/9',
    });
    expect(answer).toMatchObject({
      status: 'processing',
      id: '',
      fetchUrl: 'https://modelslab.com/api/v6/realtime/fetch/9',
    });
  });

  test('an eta sent as a numeric string is read as a number; a negative eta is dropped', () => {
    expect(parse(200, { status: 'processing', id: 1, eta: '12.5' })).toMatchObject({
      etaSeconds: 12.5,
    });
    expect(parse(200, { status: 'processing', id: 1, eta: -3 })).toMatchObject({
      etaSeconds: undefined,
    });
    expect(parse(200, { status: 'processing', id: 1, eta: 'soon' })).toMatchObject({
      etaSeconds: undefined,
    });
  });

  test('unsafe future links are dropped', () => {
    const answer = parse(200, {
      status: 'processing',
      id: 1,
      future_links: ['javascript:alert(1)', '/x.png', 'https://cdn.example/y.png'],
    });
    expect(answer).toMatchObject({ futureLinks: ['https://cdn.example/y.png'] });
  });
});

describe('parseAnswer: failed', () => {
  test('a failed job with id "" is job-failed and keeps the caller’s job id', () => {
    const error = parseError(
      200,
      { status: 'failed', id: '', message: 'Generation failed', output: '' },
      '555',
    );
    expect(error.toJSON()).toEqual({
      kind: 'job-failed',
      serverMessage: 'Generation failed',
      httpStatus: 200,
      fieldErrors: {},
      retryAfter: undefined,
      jobId: '555',
    });
  });

  test('a failed job with a numeric id names that id', () => {
    const error = parseError(200, {
      status: 'failed',
      id: 91,
      messege: 'Out of memory',
      output: '',
    });
    expect(error.kind).toBe('job-failed');
    expect(error.jobId).toBe('91');
    expect(error.serverMessage).toBe('Out of memory');
    expect(error.message).toBe('Out of memory');
  });
});

describe('parseAnswer: errors under HTTP 200 and under their documented codes', () => {
  test('400 "prompt is required" is invalid-field on prompt', () => {
    const error = parseError(400, { status: 'error', message: 'prompt is required' });
    expect(error.toJSON()).toEqual({
      kind: 'invalid-field',
      serverMessage: 'prompt is required',
      httpStatus: 400,
      fieldErrors: { prompt: ['prompt is required'] },
      retryAfter: undefined,
      jobId: undefined,
    });
  });

  test.each([
    ['prompt must be a string', 'prompt'],
    ['width must be between 256 and 1024', 'width'],
    ['height must be divisible by 8', 'height'],
    ['height must be between 256 and 1024', 'height'],
    ['samples must be between 1 and 4', 'samples'],
    ['guidance_scale must be between 1 and 20', 'guidance_scale'],
  ])('400 "%s" is invalid-field on %s', (message, field) => {
    const error = parseError(400, { status: 'error', message });
    expect(error.kind).toBe('invalid-field');
    expect(error.serverMessage).toBe(message);
    expect(error.httpStatus).toBe(400);
    expect(error.fieldErrors).toEqual({ [field]: [message] });
  });

  test('a field message under HTTP 200 is still invalid-field', () => {
    const error = parseError(200, {
      status: 'error',
      message: 'width must be between 256 and 1024',
    });
    expect(error.kind).toBe('invalid-field');
    expect(error.httpStatus).toBe(200);
    expect(error.fieldErrors).toEqual({ width: ['width must be between 256 and 1024'] });
  });

  test('a message object of field errors is flattened to text with fieldErrors per field', () => {
    const error = parseError(200, {
      status: 'error',
      message: { prompt: ['The prompt field is required.'] },
    });
    expect(error.kind).toBe('invalid-field');
    expect(error.serverMessage).toBe('The prompt field is required.');
    expect(error.fieldErrors).toEqual({ prompt: ['The prompt field is required.'] });
  });

  test('a message object with several fields joins every message', () => {
    const error = parseError(400, {
      status: 'error',
      message: {
        prompt: ['The prompt field is required.'],
        width: 'The width must be a number.',
      },
    });
    expect(error.kind).toBe('invalid-field');
    expect(error.serverMessage).toBe('The prompt field is required. The width must be a number.');
    expect(error.fieldErrors).toEqual({
      prompt: ['The prompt field is required.'],
      width: ['The width must be a number.'],
    });
  });

  test('401 "Invalid API key" is a key error', () => {
    const error = parseError(401, { status: 'error', message: 'Invalid API key' });
    expect(error.kind).toBe('key');
    expect(error.serverMessage).toBe('Invalid API key');
    expect(error.httpStatus).toBe(401);
    expect(error.fieldErrors).toEqual({});
  });

  test('the old wording "Invalid Api Key" under HTTP 200, spelled messege, is a key error', () => {
    const error = parseError(200, { status: 'error', messege: 'Invalid Api Key' });
    expect(error.kind).toBe('key');
    expect(error.serverMessage).toBe('Invalid Api Key');
    expect(error.httpStatus).toBe(200);
  });

  test('"API key required" is a key error under 401 and under 200', () => {
    expect(parseError(401, { status: 'error', message: 'API key required' }).kind).toBe('key');
    expect(parseError(200, { status: 'error', message: 'API key required' }).kind).toBe('key');
  });

  test('402 insufficient credits is a credits error with the server words kept', () => {
    const message = 'Insufficient credits. Please add more credits to continue.';
    const error = parseError(402, { status: 'error', message });
    expect(error.kind).toBe('credits');
    expect(error.serverMessage).toBe(message);
    expect(error.httpStatus).toBe(402);
    expect(parseError(200, { status: 'error', message }).kind).toBe('credits');
  });

  test('403 premium subscription is a plan error', () => {
    const message = 'This feature requires a premium subscription';
    const error = parseError(403, { status: 'error', message });
    expect(error.kind).toBe('plan');
    expect(error.serverMessage).toBe(message);
    expect(parseError(200, { status: 'error', message }).kind).toBe('plan');
  });

  test('"Model not found: x" is model-not-found under 400 and 200', () => {
    const message = 'Model not found: invalid_model_name';
    const error = parseError(400, { status: 'error', message });
    expect(error.kind).toBe('model-not-found');
    expect(error.serverMessage).toBe(message);
    expect(error.fieldErrors).toEqual({});
    expect(parseError(200, { status: 'error', message }).kind).toBe('model-not-found');
  });

  test('"Unable to fetch image from provided URL" is image-unreachable', () => {
    const message = 'Unable to fetch image from provided URL';
    const error = parseError(400, { status: 'error', message });
    expect(error.kind).toBe('image-unreachable');
    expect(error.serverMessage).toBe(message);
    expect(parseError(200, { status: 'error', message }).kind).toBe('image-unreachable');
  });

  test('429 with retry_after is a rate-limit error that says how long to wait', () => {
    const error = parseError(429, {
      status: 'error',
      message: 'Rate limit exceeded. Maximum 5 queued requests allowed.',
      retry_after: 30,
    });
    expect(error.toJSON()).toEqual({
      kind: 'rate-limit',
      serverMessage: 'Rate limit exceeded. Maximum 5 queued requests allowed.',
      httpStatus: 429,
      fieldErrors: {},
      retryAfter: 30,
      jobId: undefined,
    });
  });

  test('retry_after sent as a numeric string is read as a number', () => {
    const error = parseError(429, {
      status: 'error',
      message: 'Rate limit exceeded. Maximum 5 queued requests allowed.',
      retry_after: '45',
    });
    expect(error.retryAfter).toBe(45);
  });

  test('429 without retry_after is rate-limit with no retryAfter (the retry policy picks the default)', () => {
    const error = parseError(429, { status: 'error', message: 'Rate limit exceeded.' });
    expect(error.kind).toBe('rate-limit');
    expect(error.retryAfter).toBeUndefined();
  });

  test('the legacy "Rate limit exceeded" with tips about the same request repeatedly is the spam filter', () => {
    const error = parseError(200, {
      status: 'error',
      message: 'Rate limit exceeded',
      tips: ['You are sending the same request repeatedly. Wait for the first one to finish.'],
    });
    expect(error.kind).toBe('spam-filter');
    expect(error.serverMessage).toBe('Rate limit exceeded');
    expect(error.httpStatus).toBe(200);
  });

  test('the legacy spam-filter tip can also arrive as a single `tip` string', () => {
    const error = parseError(200, {
      status: 'error',
      messege: 'Rate limit exceeded',
      tip: 'Do not send the same request repeatedly',
    });
    expect(error.kind).toBe('spam-filter');
  });

  test('500 internal server error is a server error', () => {
    const message = 'Internal server error. Please try again.';
    const error = parseError(500, { status: 'error', message });
    expect(error.kind).toBe('server');
    expect(error.serverMessage).toBe(message);
    expect(error.httpStatus).toBe(500);
    expect(parseError(200, { status: 'error', message }).kind).toBe('server');
  });

  test('503 service temporarily unavailable is unavailable', () => {
    const message = 'Service temporarily unavailable. Please try again later.';
    const error = parseError(503, { status: 'error', message });
    expect(error.kind).toBe('unavailable');
    expect(error.serverMessage).toBe(message);
    expect(error.httpStatus).toBe(503);
    expect(parseError(200, { status: 'error', message }).kind).toBe('unavailable');
  });

  test('an error body with an unknown message falls back to the HTTP code', () => {
    const body = (message: string) => ({ status: 'error', message });
    expect(parseError(401, body('Nope')).kind).toBe('key');
    expect(parseError(402, body('Nope')).kind).toBe('credits');
    expect(parseError(403, body('Nope')).kind).toBe('plan');
    expect(parseError(429, body('Nope')).kind).toBe('rate-limit');
    expect(parseError(500, body('Nope')).kind).toBe('server');
    expect(parseError(503, body('Nope')).kind).toBe('unavailable');
    expect(parseError(400, body('Nope')).kind).toBe('invalid-request');
    expect(parseError(200, body('Nope')).kind).toBe('invalid-request');
  });

  test('a success-shaped body under HTTP 500 is still an error', () => {
    const error = parseError(500, {
      status: 'success',
      id: 1,
      output: ['https://cdn.example/x.png'],
    });
    expect(error.kind).toBe('server');
    expect(error.httpStatus).toBe(500);
  });

  test('a JSON body without a status under 429 still carries the server message', () => {
    const error = parseError(429, { message: 'Too many requests', retry_after: 10 });
    expect(error.kind).toBe('rate-limit');
    expect(error.serverMessage).toBe('Too many requests');
    expect(error.retryAfter).toBe(10);
  });

  test('a status-less 429 with retry_after "30" gives retryAfter 30, and junk gives none', () => {
    const error = parseError(429, { message: 'Too many requests', retry_after: '30' });
    expect(error.retryAfter).toBe(30);
    expect(parseError(429, { message: 'Too many requests', retry_after: 'soon' }).retryAfter).toBe(
      undefined,
    );
  });

  test('a field complaint under HTTP 401 is still the key error', () => {
    const error = parseError(401, {
      status: 'error',
      message: { key: ['The key field is required.'] },
    });
    expect(error.kind).toBe('key');
    expect(error.serverMessage).toBe('The key field is required.');
  });

  test('the error carries the job id the caller was fetching', () => {
    const error = parseError(
      200,
      { status: 'error', message: 'Internal server error. Please try again.' },
      '42',
    );
    expect(error.jobId).toBe('42');
  });
});

describe('parseAnswer: bodies that are not JSON answers', () => {
  test('malformed JSON under HTTP 200 is malformed, keeping how it began as text', () => {
    const error = parseError(200, '{"status":"success", "output": [');
    expect(error.toJSON()).toEqual({
      kind: 'malformed',
      serverMessage: '{"status":"success", "output": [',
      httpStatus: 200,
      fieldErrors: {},
      retryAfter: undefined,
      jobId: undefined,
      answerForm: 'text',
    });
  });

  test('an empty body under HTTP 200 is malformed', () => {
    const error = parseError(200, '');
    expect(error.kind).toBe('malformed');
    expect(error.serverMessage).toBe('');
    expect(error.message).toBe('malformed');
  });

  test('an HTML page under 502 is unavailable, shown as its title (tags and scripts left out)', () => {
    const html =
      '<html><head><title>502 Bad &amp; <b>Gateway</b></title></head><body><script>alert(1)</script><h1>Oops</h1></body></html>';
    const error = parseError(502, `\n${html}\n`);
    expect(error.kind).toBe('unavailable');
    expect(error.httpStatus).toBe(502);
    expect(error.serverMessage).toBe('502 Bad & Gateway');
    expect(error.answerForm).toBe('web-page');
  });

  test('an HTML page without a title is shown as its first heading, or as nothing', () => {
    expect(parseError(500, '<h1>Oops</h1><p>details</p>').serverMessage).toBe('Oops');
    expect(parseError(500, '<!doctype html><p>just text</p>').serverMessage).toBe('');
    expect(parseError(500, '<h1>Oops</h1>').kind).toBe('server');
  });

  test('a long non-JSON body is shown as its first 120 characters', () => {
    const error = parseError(504, `${'x'.repeat(100)}\n\n${'y'.repeat(5000)}`);
    expect(error.kind).toBe('unavailable');
    expect(error.serverMessage).toBe(`${'x'.repeat(100)} ${'y'.repeat(19)}…`);
    expect(error.answerForm).toBe('text');
  });

  test('JSON that is not an answer (a bare list) under 200 is malformed', () => {
    const error = parseError(200, [1, 2, 3]);
    expect(error.kind).toBe('malformed');
    expect(error.serverMessage).toBe('[1,2,3]');
  });

  test('an unknown status under 200 is malformed and keeps any message', () => {
    const error = parseError(200, { status: 'queued', message: 'hold on' });
    expect(error.kind).toBe('malformed');
    expect(error.serverMessage).toBe('hold on');
  });
});

describe('readMessage', () => {
  test('reads `message`, then `messege`', () => {
    expect(readMessage({ message: 'a' })).toEqual({ text: 'a', fieldErrors: {} });
    expect(readMessage({ messege: 'b' })).toEqual({ text: 'b', fieldErrors: {} });
    expect(readMessage({ message: 'a', messege: 'b' })).toEqual({ text: 'a', fieldErrors: {} });
  });

  test('joins a list of strings and skips anything else', () => {
    expect(readMessage({ message: ['one', 2, 'two', null] })).toEqual({
      text: 'one two',
      fieldErrors: {},
    });
  });

  test('flattens an object of field errors, keeping numbers as text and skipping empty fields', () => {
    expect(
      readMessage({ message: { prompt: ['required', 'too short'], seed: 5, width: [], x: null } }),
    ).toEqual({
      text: 'required too short 5',
      fieldErrors: { prompt: ['required', 'too short'], seed: ['5'] },
    });
  });

  test('gives empty text for a missing, null or numeric message', () => {
    expect(readMessage({})).toEqual({ text: '', fieldErrors: {} });
    expect(readMessage({ message: null })).toEqual({ text: '', fieldErrors: {} });
    expect(readMessage({ message: 404 })).toEqual({ text: '', fieldErrors: {} });
  });

  test('cuts a very long message to 600 characters', () => {
    expect(readMessage({ message: 'y'.repeat(1000) }).text).toBe('y'.repeat(600));
  });
});

describe('classifyError', () => {
  test('matches wording case-insensitively', () => {
    expect(classifyError(200, { message: 'INVALID API KEY' }).kind).toBe('key');
    expect(classifyError(200, { message: 'model NOT FOUND: x' }).kind).toBe('model-not-found');
  });

  test('the message decides over the HTTP code', () => {
    expect(classifyError(400, { message: 'Invalid API key' }).kind).toBe('key');
    expect(classifyError(500, { message: 'Model not found: sdxl' }).kind).toBe('model-not-found');
  });

  test('a capitalised field message lands on the lower-case field name', () => {
    const error = classifyError(400, { message: 'Width must be between 256 and 1024' });
    expect(error.kind).toBe('invalid-field');
    expect(error.fieldErrors).toEqual({ width: ['Width must be between 256 and 1024'] });
  });

  test('keeps retry_after and the job id', () => {
    const error = classifyError(429, { message: 'Rate limit exceeded', retry_after: 12 }, '8');
    expect(error.toJSON()).toEqual({
      kind: 'rate-limit',
      serverMessage: 'Rate limit exceeded',
      httpStatus: 429,
      fieldErrors: {},
      retryAfter: 12,
      jobId: '8',
    });
  });

  test('a rate limit without repeat tips stays a rate limit even with an upsell tip', () => {
    const error = classifyError(429, {
      message: 'Rate limit exceeded. Maximum 5 queued requests allowed.',
      tip: 'Upgrade your plan for higher limits',
    });
    expect(error.kind).toBe('rate-limit');
  });

  test('an empty message under 200 is invalid-request with no server words', () => {
    const error = classifyError(200, {});
    expect(error.kind).toBe('invalid-request');
    expect(error.serverMessage).toBe('');
    expect(error.message).toBe('invalid-request');
  });
});
