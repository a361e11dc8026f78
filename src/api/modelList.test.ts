import { describe, expect, test } from 'vitest';
import { ApiError } from './ApiError';
import { createApiClient, type Transport } from './client';
import { parseModelListAnswer, readModelList } from './modelList';

const KEY = 'sk-secret-key-0123456789';
const SVG = `data:image/svg+xml;base64,${btoa('<svg xmlns="http://www.w3.org/2000/svg"/>')}`;

const entry = (id: string, extra: Record<string, unknown> = {}) => ({
  model_id: id,
  status: 'model_ready',
  model_name: `Model ${id}`,
  description: `About ${id}`,
  screenshots: `https://cdn.example/${id}.jpg`,
  ...extra,
});

function failure(run: () => unknown): ApiError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error('expected it to throw');
}

describe('readModelList: a lenient read of the list', () => {
  test('reads id, name, description and the first usable screenshot', () => {
    expect(
      readModelList([
        entry('flux'),
        entry('sdxl', { screenshots: ['javascript:alert(1)', 'https://cdn.example/a.png'] }),
        entry('svg', { screenshots: SVG }),
      ]),
    ).toEqual([
      {
        id: 'flux',
        name: 'Model flux',
        description: 'About flux',
        screenshot: 'https://cdn.example/flux.jpg',
      },
      {
        id: 'sdxl',
        name: 'Model sdxl',
        description: 'About sdxl',
        screenshot: 'https://cdn.example/a.png',
      },
      { id: 'svg', name: 'Model svg', description: 'About svg', screenshot: SVG },
    ]);
  });

  test('skips entries it cannot read, and repeats of an id, instead of failing', () => {
    const models = readModelList([
      null,
      'flux',
      { model_name: 'no id' },
      { model_id: '' },
      { model_id: 42 },
      { model_id: 'x'.repeat(201) },
      entry('ok'),
      entry('ok', { model_name: 'a second ok' }),
    ]);
    expect(models.map((model) => [model.id, model.name])).toEqual([['ok', 'Model ok']]);
  });

  test('a missing name is the id; markup in a description is dropped; long text is cut', () => {
    const [model] = readModelList([
      {
        model_id: 'plain',
        description: `<p>Great <b>portraits</b></p><script>x</script> ${'word '.repeat(200)}`,
      },
    ]);
    expect(model?.name).toBe('plain');
    expect(model?.description.startsWith('Great portraits x word')).toBe(true);
    expect(model?.description).not.toMatch(/[<>]/);
    expect(model?.description.length).toBe(400);
    expect(model?.screenshot).toBeUndefined();
  });

  test.each([
    ['a script link', 'javascript:alert(1)'],
    ['an HTML data URL', 'data:text/html;base64,PHNjcmlwdD4='],
    ['an SVG that is not base64', 'data:image/svg+xml,<svg onload="x()"/>'],
    ['a file link', 'file:///etc/passwd'],
    ['a huge inline image', `data:image/png;base64,${'A'.repeat(9000)}`],
  ])('a screenshot that is %s is not kept', (_name, url) => {
    expect(readModelList([entry('m', { screenshots: url })])[0]?.screenshot).toBeUndefined();
  });

  test('a list longer than any catalogue is cut at 5,000', () => {
    const list = Array.from({ length: 6000 }, (_, i) => entry(`m${i}`));
    expect(readModelList(list)).toHaveLength(5000);
  });
});

describe('parseModelListAnswer: a list, or the one error type', () => {
  test('a bare array under HTTP 200 is the list', () => {
    expect(parseModelListAnswer(200, JSON.stringify([entry('flux')]))).toHaveLength(1);
  });

  test('an error body under HTTP 200 is the error it names', () => {
    const error = failure(() =>
      parseModelListAnswer(200, JSON.stringify({ status: 'error', messege: 'Invalid Api Key' })),
    );
    expect(error.kind).toBe('key');
    expect(error.serverMessage).toBe('Invalid Api Key');
  });

  test.each([
    [401, { status: 'error', message: 'Invalid API key' }, 'key'],
    [500, { status: 'error', message: 'Internal server error. Please try again.' }, 'server'],
    [503, [], 'unavailable'],
  ])('HTTP %d is the error its code and words say', (status, body, kind) => {
    expect(failure(() => parseModelListAnswer(status, JSON.stringify(body))).kind).toBe(kind);
  });

  test.each([
    ['text that is not JSON', '<html>oops</html>'],
    ['an object that is not a list', '{"models":[]}'],
    ['a success answer of another endpoint', '{"status":"success","output":["https://a/b.png"]}'],
  ])('%s is "malformed"', (_name, text) => {
    expect(failure(() => parseModelListAnswer(200, text)).kind).toBe('malformed');
  });

  test('the key is cleared from the list before it is read', () => {
    const [model] = parseModelListAnswer(
      200,
      JSON.stringify([entry('m', { description: `made for ${KEY}` })]),
      KEY,
    );
    expect(model?.description).toBe('made for [your API key]');
  });
});

test('the client asks for the list with the key in the body, at the documented address', async () => {
  const requests: Array<{ url: string; body: unknown }> = [];
  const transport: Transport = async (request) => {
    requests.push({ url: request.url, body: await request.json() });
    return Response.json([entry('flux')]);
  };
  const client = createApiClient({ baseUrl: 'https://proxy.example/', apiKey: KEY, transport });
  expect((await client.listModels()).map((model) => model.id)).toEqual(['flux']);
  expect(requests).toEqual([
    { url: 'https://proxy.example/api/v4/dreambooth/model_list', body: { key: KEY } },
  ]);
});

test('the client refuses a redirect for the list too', async () => {
  const transport: Transport = async () =>
    new Response(null, { status: 302, headers: { Location: 'https://elsewhere.example/' } });
  const client = createApiClient({ baseUrl: 'https://modelslab.com', apiKey: KEY, transport });
  await expect(client.listModels()).rejects.toMatchObject({ kind: 'redirected' });
});
