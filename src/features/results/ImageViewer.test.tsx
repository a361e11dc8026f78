import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { delay, HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, expect, test, vi } from 'vitest';
// Also teaches Testing Library to move fake time (see there).
import { advance } from '../../test/renderApp';
import ImageViewer, { type ViewerPicture } from './ImageViewer';

const HANGING = 'https://pictures.example.test/hanging.png';
const server = setupServer(
  http.get(HANGING, async () => {
    await delay('infinite');
    return HttpResponse.text('never');
  }),
);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  vi.useFakeTimers();
});

const picture = (url: string): ViewerPicture => ({
  key: 'job:0',
  url,
  alt: 'a lighthouse (image 1 of 2)',
  fileName: 'a-lighthouse-7-1.png',
  prompt: 'a lighthouse',
  facts: [{ label: 'Seed', value: '7' }],
  size: { width: 512, height: 512 },
  generation: [
    { url, fileName: 'a-lighthouse-7-1.png' },
    { url, fileName: 'a-lighthouse-7-2.png' },
  ],
});

test.each([
  [
    'one picture',
    'Download',
    30_000,
    "The picture's host did not send it within 30 seconds, so the download was stopped. Try again in a moment.",
  ],
  [
    'all pictures of the generation',
    'Download all 2',
    60_000,
    '2 of 2 pictures did not arrive within 30 seconds, so those downloads were stopped. Try again in a moment.',
  ],
])(
  'a download of %s from a host that never answers is stopped after 30 s each, with a message',
  async (_, button, total, message) => {
    const open = vi.spyOn(window, 'open').mockReturnValue(null);
    const noop = () => undefined;
    render(
      <ImageViewer
        picture={picture(HANGING)}
        position={0}
        count={1}
        onMove={noop}
        onStartFrom={noop}
        onEnlarge={async () => ''}
        onClose={noop}
        onReuse={noop}
        onVary={() => ''}
        onDelete={noop}
      />,
    );
    const viewer = screen.getByRole('dialog', { name: 'Full-size image' });
    await userEvent
      .setup({ advanceTimers: (ms) => vi.advanceTimersByTime(ms) })
      .click(within(viewer).getByRole('button', { name: button }));

    const status = () => within(viewer).getByRole('status').textContent;
    expect(status()).toContain('Downloading…');
    await advance(total - 1000);
    expect(status()).toContain('Downloading…');
    await advance(1000);
    expect(status()).toBe(message);
    expect(status()).not.toContain('Downloading…');
    // Opening the hanging address in a new tab would only hang there.
    expect(open).not.toHaveBeenCalled();
  },
);
