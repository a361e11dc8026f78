import { fireEvent, render, screen, within } from '@testing-library/react';
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

function showViewer(shown: ViewerPicture, savedCopy?: (url: string) => Promise<Blob | undefined>) {
  const noop = () => undefined;
  render(
    <ImageViewer
      picture={shown}
      position={0}
      count={1}
      onMove={noop}
      onStartFrom={noop}
      onEnlarge={async () => ''}
      onClose={noop}
      onReuse={noop}
      onVary={() => ''}
      onDelete={noop}
      savedCopy={savedCopy}
    />,
  );
  return screen.getByRole('dialog', { name: 'Full-size image' });
}

test('a picture whose link fails, with no copy saved, is said in words instead of a broken image', () => {
  const viewer = showViewer(picture('https://pictures.example.test/expired.png'));
  fireEvent.error(within(viewer).getByRole('img', { name: 'a lighthouse (image 1 of 2)' }));
  expect(
    within(viewer).getByText(
      "This picture's link has expired, and no copy was saved in this browser.",
    ),
  ).toBeVisible();
  expect(within(viewer).queryByRole('img')).toBeNull();
});

test('a picture with a saved copy is shown from it, and Download saves the copy without asking the link', async () => {
  const copy = new Blob(['the saved bytes'], { type: 'image/png' });
  const saved: Blob[] = [];
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    saved.push(blob as Blob);
    return 'blob:download';
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
  // HANGING never answers: a download that asked it would still be going.
  const viewer = showViewer({ ...picture(HANGING), src: 'blob:the-copy' }, async () => copy);
  expect(within(viewer).getByRole('img')).toHaveAttribute('src', 'blob:the-copy');
  await userEvent
    .setup({ advanceTimers: (ms) => vi.advanceTimersByTime(ms) })
    .click(within(viewer).getByRole('button', { name: 'Download' }));
  await advance(0);
  expect(saved).toEqual([copy]);
  expect(within(viewer).getByRole('status')).toBeEmptyDOMElement();
});

test('while it is found out whether a copy is saved, nothing is shown (the link is not asked)', () => {
  const viewer = showViewer({ ...picture(HANGING), finding: true });
  expect(within(viewer).queryByRole('img')).toBeNull();
});
