import { describe, expect, test } from 'vitest';
import { ApiError } from './ApiError';
import { createApiClient, type Transport } from './client';

const KEY = 'sk-secret-key-0123456789';
const PICTURE = 'data:image/png;base64,iVBORw0KGgo=';

function clientAnswering(answer: string | object, status = 200) {
  const sent: Array<{ path: string; body: unknown }> = [];
  const transport: Transport = async (request) => {
    sent.push({ path: new URL(request.url).pathname, body: JSON.parse(await request.text()) });
    return new Response(typeof answer === 'string' ? answer : JSON.stringify(answer), { status });
  };
  return {
    client: createApiClient({ baseUrl: 'https://modelslab.com', apiKey: KEY, transport }),
    sent,
  };
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('uploading a local picture', () => {
  test('base64_crop: sends the picture uncropped and answers the link', async () => {
    const { client, sent } = clientAnswering({
      status: 'success',
      messege: 'image uploaded',
      link: 'https://cdn.example/up/1.png',
      request_id: 9,
    });
    await expect(client.upload(PICTURE)).resolves.toBe('https://cdn.example/up/1.png');
    expect(sent).toEqual([
      { path: '/api/v3/base64_crop', body: { key: KEY, image: PICTURE, crop: 'false' } },
    ]);
  });

  test('the editing family: sends init_image and reads the link from output, a list or a string', async () => {
    for (const output of [['https://cdn.example/e/1.png'], 'https://cdn.example/e/1.png']) {
      const { client, sent } = clientAnswering({ status: 'success', output });
      await expect(client.upload(PICTURE, { forEditing: true })).resolves.toBe(
        'https://cdn.example/e/1.png',
      );
      expect(sent).toEqual([
        { path: '/api/v6/image_editing/base64_to_url', body: { key: KEY, init_image: PICTURE } },
      ]);
    }
  });

  test('a picture kept inline (as the sandbox keeps uploads) is a link too', async () => {
    const inline = 'data:image/jpeg;base64,/9j/4AAQSkZJRg==';
    const { client } = clientAnswering({ status: 'success', link: inline });
    await expect(client.upload(PICTURE)).resolves.toBe(inline);
  });

  test('an error answer is the one error type, classified like any other', async () => {
    const { client } = clientAnswering({ status: 'error', messege: 'Invalid Api Key' });
    expect((await failure(client.upload(PICTURE))).kind).toBe('key');
  });

  test('an answer with no usable link is a broken answer, not a picture', async () => {
    for (const link of [
      undefined,
      'javascript:alert(1)',
      'ftp://cdn.example/1.png',
      'data:text/html;base64,PGI+',
      7,
    ]) {
      const { client } = clientAnswering({ status: 'success', link });
      const error = await failure(client.upload(PICTURE));
      expect(error.kind).toBe('malformed');
      expect(error.serverMessage).toBe('The answer to the upload holds no link to the picture.');
    }
  });

  test('a link that carries the key is refused (it would be stored and loaded)', async () => {
    const { client } = clientAnswering({
      status: 'success',
      link: `https://evil.example/p.png?k=${encodeURIComponent(KEY)}`,
    });
    expect((await failure(client.upload(PICTURE))).kind).toBe('malformed');
  });

  test('a web page instead of an answer says so', async () => {
    const { client } = clientAnswering('<html><title>Bad Gateway</title></html>', 502);
    const error = await failure(client.upload(PICTURE));
    expect(error.kind).toBe('unavailable');
    expect(error.serverMessage).toBe('Bad Gateway');
  });
});
