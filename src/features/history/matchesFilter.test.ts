import { describe, expect, test } from 'vitest';
import type { JobRecord } from '../jobs';
import { matchesFilter } from './matchesFilter';

function job(patch: Partial<JobRecord> = {}, params: Partial<JobRecord['params']> = {}): JobRecord {
  return {
    localId: 'job-1',
    createdAt: 1_700_000_000_000,
    kind: 'text2img',
    params: {
      prompt: 'A Lighthouse on a cliff at Sunset',
      model_id: 'realistic-vision-v51',
      width: 1024,
      height: 768,
      samples: 1,
      num_inference_steps: 30,
      guidance_scale: 7.5,
      seed: null,
      ...params,
    },
    connection: 'modelslab',
    baseUrl: 'https://modelslab.com',
    state: 'done',
    attempts: 1,
    images: ['https://cdn.example.test/1.png'],
    seed: '3312345678',
    ...patch,
  };
}

describe('matchesFilter', () => {
  test('an empty or blank filter matches everything', () => {
    expect(matchesFilter(job(), '')).toBe(true);
    expect(matchesFilter(job(), '   \t ')).toBe(true);
  });

  test('a word matches part of the prompt, whatever the case', () => {
    expect(matchesFilter(job(), 'lighthouse')).toBe(true);
    expect(matchesFilter(job(), 'LIGHTHOUSE')).toBe(true);
    expect(matchesFilter(job(), 'sUnSeT')).toBe(true);
    expect(matchesFilter(job(), 'light')).toBe(true);
    expect(matchesFilter(job(), 'harbour')).toBe(false);
  });

  test('every word must match, in any order', () => {
    expect(matchesFilter(job(), 'sunset lighthouse')).toBe(true);
    expect(matchesFilter(job(), 'cliff  a   sunset')).toBe(true);
    expect(matchesFilter(job(), 'lighthouse harbour')).toBe(false);
    expect(matchesFilter(job(), 'harbour lighthouse')).toBe(false);
  });

  test('words may come from different fields: prompt, model, size and seed together', () => {
    expect(matchesFilter(job(), 'lighthouse realistic 1024x768 3312345678')).toBe(true);
    expect(matchesFilter(job(), '3312345678 VISION cliff')).toBe(true);
    expect(matchesFilter(job(), 'lighthouse flux')).toBe(false);
  });

  test('the model matches by name or part of it', () => {
    expect(matchesFilter(job(), 'realistic-vision-v51')).toBe(true);
    expect(matchesFilter(job(), 'Vision')).toBe(true);
    expect(matchesFilter(job({}, { model_id: 'flux' }), 'flux')).toBe(true);
    expect(matchesFilter(job({}, { model_id: 'flux' }), 'sdxl')).toBe(false);
  });

  test('the size matches written with an x or a ×, in either case', () => {
    expect(matchesFilter(job(), '1024x768')).toBe(true);
    expect(matchesFilter(job(), '1024×768')).toBe(true);
    expect(matchesFilter(job(), '1024X768')).toBe(true);
    expect(matchesFilter(job(), '1024')).toBe(true);
    expect(matchesFilter(job(), '768')).toBe(true);
    expect(matchesFilter(job(), '768x1024')).toBe(false);
    expect(matchesFilter(job(), '768×1024')).toBe(false);
    expect(matchesFilter(job(), '512x512')).toBe(false);
  });

  test('the seed the service reported matches, in full or in part', () => {
    expect(matchesFilter(job(), '3312345678')).toBe(true);
    expect(matchesFilter(job(), '33123')).toBe(true);
    expect(matchesFilter(job(), '4312345678')).toBe(false);
    expect(matchesFilter(job({ seed: undefined }), '3312345678')).toBe(false);
  });

  test('a generation without a seed or negative prompt still matches on the rest', () => {
    const bare = job({ seed: undefined, state: 'waiting', images: [] });
    expect(matchesFilter(bare, 'lighthouse 1024×768')).toBe(true);
    expect(matchesFilter(bare, 'undefined')).toBe(false);
  });

  test('a word never matches across two fields joined together', () => {
    // The prompt ends in "Sunset" and the model starts with "realistic".
    expect(matchesFilter(job(), 'sunsetrealistic')).toBe(false);
    expect(matchesFilter(job(), 'v511024x768')).toBe(false);
  });

  test('characters with a meaning in patterns are matched as plain text', () => {
    const odd = job({}, { prompt: 'a (tiny) robot [v2] costs $5.00?' });
    expect(matchesFilter(odd, '(tiny)')).toBe(true);
    expect(matchesFilter(odd, '[v2] $5.00?')).toBe(true);
    expect(matchesFilter(odd, '.*')).toBe(false);
  });
});
