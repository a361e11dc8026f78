import { expect, test } from 'vitest';
import { ignoresNegativePrompt } from './negativePrompt';

test.each([['flux'], ['Flux'], [' flux '], ['flux-dev'], ['flux_schnell'], ['flux.1-pro']])(
  '%j ignores the negative prompt',
  (model) => {
    expect(ignoresNegativePrompt(model)).toBe(true);
  },
);

test.each([['sdxl'], ['realistic-vision-v51'], ['fluxus'], ['my-flux'], ['fluxx-art'], ['']])(
  '%j reads it',
  (model) => {
    expect(ignoresNegativePrompt(model)).toBe(false);
  },
);
