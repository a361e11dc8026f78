import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { schedulerNames } from '../../api/requestSchemas';
import type { Text2ImgParams } from '../../api/types';
import { ignoresNegativePrompt } from '../models';
import {
  defaultFormValues,
  fromParams,
  type GenerateFormValues,
  generateSchema,
  MAX_SEED,
  snapToEight,
  toGeneration,
  toText2ImgParams,
} from './generateSchema';

const valid: GenerateFormValues = {
  prompt: 'a red fox in snow',
  negativePrompt: '',
  model: 'flux',
  width: '512',
  height: '768',
  samples: '2',
  steps: '30',
  guidanceScale: '7.5',
  seed: '',
  scheduler: '',
  initImage: '',
  maskImage: '',
  strength: '0.7',
};

const SEED_MESSAGE = 'seed must be a whole number from 0 to 4294967295, or blank for random';

/** The issues for the form values with one field changed, as {path, message} pairs. */
function issuesWith(field: keyof GenerateFormValues, value: string) {
  const result = generateSchema.safeParse({ ...valid, [field]: value });
  if (result.success) return [];
  return result.error.issues.map((issue) => ({ path: issue.path, message: issue.message }));
}

function parsedWith(field: keyof GenerateFormValues, value: string) {
  return generateSchema.parse({ ...valid, [field]: value });
}

describe('generateSchema: the words a person sees, on the right field', () => {
  test('the default form values with a prompt are valid', () => {
    expect(generateSchema.parse({ ...defaultFormValues, prompt: 'a cat' })).toEqual({
      prompt: 'a cat',
      negativePrompt: '',
      model: 'flux',
      width: 512,
      height: 512,
      samples: 1,
      steps: 30,
      guidanceScale: 7.5,
      seed: null,
      scheduler: '',
      initImage: '',
      maskImage: '',
      strength: 0.7,
    });
  });

  test.each([[''], ['   '], ['\n\t ']])('prompt %j says "prompt is required"', (prompt) => {
    expect(issuesWith('prompt', prompt)).toEqual([
      { path: ['prompt'], message: 'prompt is required' },
    ]);
  });

  test('the prompt is trimmed', () => {
    expect(parsedWith('prompt', '  a cat  ').prompt).toBe('a cat');
  });

  test('an empty model says "model is required"', () => {
    expect(issuesWith('model', ' ')).toEqual([{ path: ['model'], message: 'model is required' }]);
  });

  describe.each(['width', 'height'] as const)('%s', (field) => {
    test.each([['255'], ['1025'], [''], ['abc'], ['  '], ['-512'], ['Infinity']])(
      `${field} %j says "${field} must be between 256 and 1024"`,
      (value) => {
        expect(issuesWith(field, value)).toEqual([
          { path: [field], message: `${field} must be between 256 and 1024` },
        ]);
      },
    );

    test.each([['513'], ['512.5'], ['260']])(
      `${field} %j says "${field} must be divisible by 8"`,
      (value) => {
        expect(issuesWith(field, value)).toEqual([
          { path: [field], message: `${field} must be divisible by 8` },
        ]);
      },
    );

    test.each([
      ['256', 256],
      ['1024', 1024],
      [' 640 ', 640],
    ])(`${field} %j is accepted as %d`, (value, expected) => {
      expect(parsedWith(field, value)[field]).toBe(expected);
    });
  });

  test.each([['0'], ['5'], ['1.5'], [''], ['two']])(
    'samples %j says "samples must be between 1 and 4"',
    (value) => {
      expect(issuesWith('samples', value)).toEqual([
        { path: ['samples'], message: 'samples must be between 1 and 4' },
      ]);
    },
  );

  test('samples 1 and 4 are accepted', () => {
    expect(parsedWith('samples', '1').samples).toBe(1);
    expect(parsedWith('samples', '4').samples).toBe(4);
  });

  test.each([['0'], ['51'], ['10.5'], ['']])(
    'steps %j says "steps must be between 1 and 50"',
    (value) => {
      expect(issuesWith('steps', value)).toEqual([
        { path: ['steps'], message: 'steps must be between 1 and 50' },
      ]);
    },
  );

  test('steps 1 and 50 are accepted', () => {
    expect(parsedWith('steps', '1').steps).toBe(1);
    expect(parsedWith('steps', '50').steps).toBe(50);
  });

  test.each([['0.5'], ['21'], ['20.01'], [''], ['x']])(
    'guidance scale %j says "guidance_scale must be between 1 and 20"',
    (value) => {
      expect(issuesWith('guidanceScale', value)).toEqual([
        { path: ['guidanceScale'], message: 'guidance_scale must be between 1 and 20' },
      ]);
    },
  );

  test('guidance scale 7.5, 1 and 20 are accepted as numbers', () => {
    expect(parsedWith('guidanceScale', '7.5').guidanceScale).toBe(7.5);
    expect(parsedWith('guidanceScale', '1').guidanceScale).toBe(1);
    expect(parsedWith('guidanceScale', '20').guidanceScale).toBe(20);
  });

  test('a blank seed means random (null)', () => {
    expect(parsedWith('seed', '').seed).toBeNull();
    expect(parsedWith('seed', '   ').seed).toBeNull();
  });

  test('a seed "123" is the number 123, and the largest seed 4294967295 is accepted', () => {
    expect(parsedWith('seed', '123').seed).toBe(123);
    expect(parsedWith('seed', '0').seed).toBe(0);
    expect(parsedWith('seed', '4294967295').seed).toBe(4294967295);
    expect(MAX_SEED).toBe(4294967295);
  });

  test.each([['4294967296'], ['-1'], ['1.5'], ['1e3'], ['abc'], ['99999999999999999999']])(
    'seed %j is rejected with the seed message',
    (value) => {
      expect(issuesWith('seed', value)).toEqual([{ path: ['seed'], message: SEED_MESSAGE }]);
    },
  );

  test('several wrong fields each get their own message', () => {
    const result = generateSchema.safeParse({
      ...valid,
      prompt: '',
      width: '100',
      height: '513',
      samples: '9',
      seed: '-1',
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['prompt', 'prompt is required'],
      ['width', 'width must be between 256 and 1024'],
      ['height', 'height must be divisible by 8'],
      ['samples', 'samples must be between 1 and 4'],
      ['seed', SEED_MESSAGE],
    ]);
  });
});

describe('toText2ImgParams', () => {
  test('gives the exact request numbers and leaves out an empty negative prompt', () => {
    const params = toText2ImgParams(generateSchema.parse({ ...valid, seed: '3312345678' }));
    expect(params).toEqual({
      prompt: 'a red fox in snow',
      model_id: 'flux',
      width: 512,
      height: 768,
      samples: 2,
      num_inference_steps: 30,
      guidance_scale: 7.5,
      seed: 3312345678,
    });
    expect('negative_prompt' in params).toBe(false);
  });

  test('a whitespace-only negative prompt is left out too', () => {
    const params = toText2ImgParams(generateSchema.parse({ ...valid, negativePrompt: '   ' }));
    expect('negative_prompt' in params).toBe(false);
  });

  test('a negative prompt is sent trimmed, and a blank seed is sent as null', () => {
    const params = toText2ImgParams(
      generateSchema.parse({
        ...valid,
        model: 'sdxl',
        negativePrompt: '  blurry, text ',
        seed: '',
      }),
    );
    expect(params.negative_prompt).toBe('blurry, text');
    expect(params.seed).toBeNull();
  });

  test.each([['flux'], ['FLUX'], ['flux-dev'], ['flux_schnell']])(
    'a model that ignores it (%s) gets no negative prompt, though the form keeps it',
    (model) => {
      const values = generateSchema.parse({ ...valid, model, negativePrompt: 'blurry' });
      expect(values.negativePrompt).toBe('blurry');
      expect('negative_prompt' in toText2ImgParams(values)).toBe(false);
    },
  );

  test('the scheduler is sent only when one is chosen', () => {
    expect('scheduler' in toText2ImgParams(generateSchema.parse(valid))).toBe(false);
    expect(
      toText2ImgParams(generateSchema.parse({ ...valid, scheduler: 'EulerDiscreteScheduler' }))
        .scheduler,
    ).toBe('EulerDiscreteScheduler');
  });

  test('a scheduler the API does not accept is refused', () => {
    expect(generateSchema.safeParse({ ...valid, scheduler: 'MadeUpScheduler' }).success).toBe(
      false,
    );
  });
});

describe('snapToEight', () => {
  test.each([
    ['1001', 1000],
    ['1020', 1024],
    ['252', 256],
    ['512.5', 512],
    [' 700 ', 704],
  ])('%j is rounded to %d', (text, expected) => {
    expect(snapToEight(text)).toBe(expected);
  });

  test.each([['512'], ['1030'], ['100'], [''], ['abc'], ['-513']])(
    '%j is left as it is (on the grid, or out of range, or not a number)',
    (text) => {
      expect(snapToEight(text)).toBeUndefined();
    },
  );
});

describe('fromParams', () => {
  const params: Text2ImgParams = {
    prompt: 'a lighthouse at dusk',
    negative_prompt: 'people',
    model_id: 'ae-sdxl-v1',
    width: 1024,
    height: 256,
    samples: 4,
    num_inference_steps: 50,
    guidance_scale: 12.25,
    seed: 4294967295,
    scheduler: 'DPMSolverMultistepScheduler',
  };

  test('gives the form text for every field', () => {
    expect(fromParams(params)).toEqual({
      prompt: 'a lighthouse at dusk',
      negativePrompt: 'people',
      model: 'ae-sdxl-v1',
      width: '1024',
      height: '256',
      samples: '4',
      steps: '50',
      guidanceScale: '12.25',
      seed: '4294967295',
      scheduler: 'DPMSolverMultistepScheduler',
      initImage: '',
      maskImage: '',
      strength: '0.7',
    });
  });

  test('a random seed becomes a blank seed, and a returned seed overrides it', () => {
    expect(fromParams({ ...params, seed: null }).seed).toBe('');
    expect(fromParams({ ...params, seed: null }, '3312345678').seed).toBe('3312345678');
  });

  test('a missing negative prompt becomes an empty field', () => {
    const { negative_prompt: _unused, ...rest } = params;
    expect(fromParams(rest).negativePrompt).toBe('');
  });

  test('params → form → params gives back the same params', () => {
    expect(toText2ImgParams(generateSchema.parse(fromParams(params)))).toEqual(params);
    const { negative_prompt: _unused, ...noNegative } = params;
    const random = { ...noNegative, seed: null };
    expect(toText2ImgParams(generateSchema.parse(fromParams(random)))).toEqual(random);
  });

  test('any valid params round-trip through the form unchanged', () => {
    const text = fc
      .string({ minLength: 1 })
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    const validParams = fc.record({
      prompt: text,
      negative_prompt: fc.option(text, { nil: undefined }),
      model_id: text,
      width: fc.integer({ min: 32, max: 128 }).map((n) => n * 8),
      height: fc.integer({ min: 32, max: 128 }).map((n) => n * 8),
      samples: fc.integer({ min: 1, max: 4 }),
      num_inference_steps: fc.integer({ min: 1, max: 50 }),
      guidance_scale: fc.double({ min: 1, max: 20, noNaN: true }),
      seed: fc.option(fc.integer({ min: 0, max: MAX_SEED }), { nil: null }),
      scheduler: fc.option(fc.constantFrom(...schedulerNames), { nil: undefined }),
    });
    fc.assert(
      fc.property(validParams, (generated) => {
        const { negative_prompt, scheduler, ...rest } = generated;
        const withScheduler: Text2ImgParams =
          scheduler === undefined ? rest : { ...rest, scheduler };
        const original: Text2ImgParams =
          negative_prompt === undefined || ignoresNegativePrompt(rest.model_id)
            ? withScheduler
            : { ...withScheduler, negative_prompt };
        const back = toText2ImgParams(generateSchema.parse(fromParams(original)));
        expect(back).toEqual(original);
      }),
      { numRuns: 300 },
    );
  });
});

describe('toGeneration: the starting picture decides the kind', () => {
  const start = 'https://cdn.example/start.png';
  const mask = 'https://cdn.example/mask.png';

  test('no picture: text to image, with no picture fields', () => {
    const { kind, params } = toGeneration(generateSchema.parse(valid));
    expect(kind).toBe('text2img');
    expect(params).not.toHaveProperty('init_image');
    expect(params).not.toHaveProperty('strength');
  });

  test('a picture: image to image with its strength', () => {
    const { kind, params } = toGeneration(
      generateSchema.parse({ ...valid, initImage: start, strength: '0.35' }),
    );
    expect(kind).toBe('img2img');
    expect(params).toMatchObject({
      init_image: start,
      strength: 0.35,
      prompt: 'a red fox in snow',
    });
    expect(params).not.toHaveProperty('mask_image');
  });

  test('a picture and a painted part: inpaint', () => {
    const { kind, params } = toGeneration(
      generateSchema.parse({ ...valid, initImage: start, maskImage: mask }),
    );
    expect(kind).toBe('inpaint');
    expect(params).toMatchObject({ init_image: start, mask_image: mask, strength: 0.7 });
  });

  test('strength outside 0–1 gets the service wording', () => {
    for (const strength of ['-0.1', '1.5', 'abc', '']) {
      const result = generateSchema.safeParse({ ...valid, initImage: start, strength });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toBe('strength must be between 0 and 1');
    }
  });

  test('"Use these settings" on a picture made from a picture brings the picture back', () => {
    const params = {
      ...toText2ImgParams(generateSchema.parse(valid)),
      init_image: start,
      mask_image: mask,
      strength: 0.4,
    };
    expect(fromParams(params, undefined, 'inpaint')).toMatchObject({
      initImage: start,
      maskImage: mask,
      strength: '0.4',
    });
    // An enlargement's picture is not a starting picture.
    expect(fromParams(params, undefined, 'upscale')).toMatchObject({
      initImage: '',
      maskImage: '',
    });
  });
});
