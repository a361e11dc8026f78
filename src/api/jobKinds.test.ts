import { describe, expect, test } from 'vitest';
import { createApiClient, type Transport } from './client';
import type { GenerationParams } from './requestSchemas';

const KEY = 'sk-secret-key-0123456789';

function recording(answer: unknown, status = 200) {
  const sent: Array<{ path: string; body: unknown }> = [];
  const transport: Transport = async (request) => {
    sent.push({ path: new URL(request.url).pathname, body: JSON.parse(await request.text()) });
    return Response.json(answer, { status });
  };
  const client = createApiClient({ baseUrl: 'https://modelslab.com', apiKey: KEY, transport });
  return { client, sent };
}

const done = { status: 'success', id: 1, output: ['https://cdn.example/1.png'] };

const everything: GenerationParams = {
  prompt: 'a red fox',
  negative_prompt: 'blurry',
  model_id: 'flux',
  width: 512,
  height: 768,
  samples: 2,
  num_inference_steps: 30,
  guidance_scale: 7.5,
  seed: 42,
  scheduler: 'DDIMScheduler',
  init_image: 'https://cdn.example/start.png',
  mask_image: 'https://cdn.example/mask.png',
  strength: 0.55,
  scale: 2,
  face_enhance: true,
};

const text2imgFields = {
  prompt: 'a red fox',
  negative_prompt: 'blurry',
  model_id: 'flux',
  width: 512,
  height: 768,
  samples: 2,
  num_inference_steps: 30,
  guidance_scale: 7.5,
  seed: 42,
  scheduler: 'DDIMScheduler',
};

describe('each kind sends only its own fields to its own endpoint', () => {
  test('text2img sends no picture fields', async () => {
    const { client, sent } = recording(done);
    await client.submit('text2img', everything);
    expect(sent).toEqual([
      { path: '/api/v6/images/text2img', body: { key: KEY, ...text2imgFields } },
    ]);
  });

  test('img2img adds the starting picture and strength', async () => {
    const { client, sent } = recording(done);
    await client.submit('img2img', everything);
    expect(sent).toEqual([
      {
        path: '/api/v6/images/img2img',
        body: {
          key: KEY,
          ...text2imgFields,
          init_image: 'https://cdn.example/start.png',
          strength: 0.55,
        },
      },
    ]);
  });

  test('inpaint adds the mask as well', async () => {
    const { client, sent } = recording(done);
    await client.submit('inpaint', everything);
    expect(sent[0]).toEqual({
      path: '/api/v6/images/inpaint',
      body: {
        key: KEY,
        ...text2imgFields,
        init_image: 'https://cdn.example/start.png',
        mask_image: 'https://cdn.example/mask.png',
        strength: 0.55,
      },
    });
  });

  test('an enlargement sends the picture, the scale and face enhancement, nothing else', async () => {
    const { client, sent } = recording(done);
    await client.submit('upscale', everything);
    expect(sent).toEqual([
      {
        path: '/api/v6/image_editing/super_resolution',
        body: {
          key: KEY,
          init_image: 'https://cdn.example/start.png',
          scale: 2,
          face_enhance: true,
        },
      },
    ]);
  });

  test('strength and scale fall back to the service defaults', async () => {
    const { client, sent } = recording(done);
    const { strength: _s, scale: _c, face_enhance: _f, ...plain } = everything;
    await client.submit('img2img', plain);
    await client.submit('upscale', plain);
    expect(sent.map((call) => call.body)).toMatchObject([
      { strength: 0.7 },
      { scale: 4, face_enhance: false },
    ]);
  });
});
