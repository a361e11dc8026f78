import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { delay, HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, expect, test, vi } from 'vitest';
// Also teaches Testing Library to move fake time (see there).
import { advance } from '../../test/renderApp';
import { ResultGallery } from './ResultGallery';

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

test.each([
  ['the picture', () => screen.getByRole('button', { name: 'Download image 1' })],
  [
    'the full-size viewer',
    async () => {
      await userEvent
        .setup({ advanceTimers: (ms) => vi.advanceTimersByTime(ms) })
        .click(screen.getByRole('button', { name: 'Open image 1 full size' }));
      return within(screen.getByRole('dialog', { name: 'Full-size image' })).getByRole('button', {
        name: 'Download',
      });
    },
  ],
])(
  'a download from a host that never answers is stopped after 30 s, with a message, from %s',
  async (_, findButton) => {
    const open = vi.spyOn(window, 'open').mockReturnValue(null);
    render(<ResultGallery images={[HANGING]} prompt="a lighthouse" seed="7" />);
    const button = await findButton();
    await userEvent.setup({ advanceTimers: (ms) => vi.advanceTimersByTime(ms) }).click(button);

    const status = () =>
      screen
        .getAllByRole('status')
        .map((element) => element.textContent)
        .join(' ');
    expect(status()).toContain('Downloading…');
    await advance(29_000);
    expect(status()).toContain('Downloading…');
    await advance(1000);
    expect(status()).toContain(
      "The picture's host did not send it within 30 seconds, so the download was stopped. Try again in a moment.",
    );
    expect(status()).not.toContain('Downloading…');
    // Opening the hanging address in a new tab would only hang there.
    expect(open).not.toHaveBeenCalled();
  },
);
