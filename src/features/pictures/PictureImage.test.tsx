import { fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { PictureThumbs } from '../results';
import { LINK_GONE_WORDS, PictureImage } from './PictureImage';
import SavedPictures from './SavedPictures';
import { deleteAllSaved, listSaved, putSaved } from './savedShelf';
import { usePictureSource } from './usePictureSource';

// A link of its own for each test: a copy's object URL outlives its last user for a while.
let LINK = '';
let testNumber = 0;
beforeEach(() => {
  testNumber += 1;
  LINK = `https://images.example.test/${testNumber}-0.png`;
});
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const MB = 1_000_000;

afterEach(async () => {
  await deleteAllSaved();
  vi.unstubAllGlobals();
});

test('a tile whose picture has a saved copy shows the copy, and never its link', async () => {
  await putSaved(LINK, PNG.slice().buffer, 'image/png');
  const made: Blob[] = [];
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    made.push(blob as Blob);
    return `blob:saved-${made.length}`;
  });
  render(
    <PictureThumbs
      images={[LINK]}
      alt={() => 'a lighthouse'}
      width={512}
      height={512}
      keyOf={() => 'job:0'}
      onOpen={() => undefined}
    />,
  );
  // While storage is asked, no image (so no request to the link, no broken image).
  expect(screen.queryByRole('img')).toBeNull();
  const image = await screen.findByRole('img', { name: 'a lighthouse' });
  expect(image).toHaveAttribute('src', 'blob:saved-1');
  expect(made).toHaveLength(1);
  expect([...new Uint8Array(await (made[0] as Blob).arrayBuffer())]).toEqual([...PNG]);
  expect((made[0] as Blob).type).toBe('image/png');
});

test('a picture with no copy is shown from its link; if the link fails, plain words say why', async () => {
  const link = 'https://images.example.test/8-0.png';
  render(<PictureImage link={link} alt="a lighthouse" />);
  const image = await screen.findByRole('img', { name: 'a lighthouse' });
  expect(image).toHaveAttribute('src', link);
  fireEvent.error(image);
  expect(screen.getByText(LINK_GONE_WORDS)).toBeVisible();
  expect(screen.queryByRole('img')).toBeNull();
});

test('a picture held in the page is shown at once', () => {
  const inline = 'data:image/png;base64,iVBORw0KGgo=';
  render(<PictureImage link={inline} alt="a sandbox picture" />);
  expect(screen.getByRole('img', { name: 'a sandbox picture' })).toHaveAttribute('src', inline);
});

test('"Saved pictures" says what they use, what the browser allows and whether it keeps them; "Free up space" deletes the oldest half’s copies', async () => {
  vi.stubGlobal('navigator', {
    ...navigator,
    storage: {
      estimate: async () => ({ quota: 2_000 * MB, usage: 9 * MB }),
      persisted: async () => false,
      persist: async () => false,
    },
  });
  await putSaved('https://images.example.test/old.png', new ArrayBuffer(3 * MB), 'image/png', 1);
  await putSaved('https://images.example.test/mid.png', new ArrayBuffer(2 * MB), 'image/png', 2);
  await putSaved('https://images.example.test/new.png', new ArrayBuffer(1 * MB), 'image/png', 3);
  const user = userEvent.setup();
  render(<SavedPictures />);
  const section = await screen.findByRole('region', { name: 'Saved pictures' });
  expect(
    await within(section).findByText(
      '3 pictures saved, using 6.0 MB. This browser lets this site use up to 2.0 GB; it uses 9.0 MB now, history included.',
    ),
  ).toBeVisible();
  expect(
    within(section).getByText(
      'Not kept for good: the browser may clear them if the disk gets nearly full.',
    ),
  ).toBeVisible();

  await user.click(within(section).getByRole('button', { name: 'Free up space' }));
  const confirm = screen.getByRole('alertdialog', { name: 'Free up space' });
  expect(confirm).toHaveTextContent(
    'Delete the saved copies of the oldest 2 pictures (5.0 MB)? They stay in your history and show from their links, but only while those work (about a day after they were made).',
  );
  await user.click(within(confirm).getByRole('button', { name: 'Delete the copies' }));
  expect(
    await screen.findByText('Freed 5.0 MB: the copies of 2 pictures were deleted.'),
  ).toBeVisible();
  expect([...(await listSaved()).keys()]).toEqual(['https://images.example.test/new.png']);
  expect(await screen.findByText(/^1 picture saved, using 1\.0 MB\./)).toBeVisible();
  // Focus is back on the button the question came from, not lost with it.
  expect(within(section).getByRole('button', { name: 'Free up space' })).toHaveFocus();

  await user.click(screen.getByRole('button', { name: 'Ask to keep them for good' }));
  expect(await screen.findByText(/The browser said no for now/)).toBeVisible();
});

test('"Saved pictures" with no copies says the sandbox’s pictures need none, and asks nothing of the browser', async () => {
  vi.stubGlobal('navigator', {
    ...navigator,
    storage: {
      estimate: async () => ({ quota: 2_000 * MB, usage: 1 * MB }),
      persisted: async () => false,
      persist: async () => false,
    },
  });
  render(<SavedPictures />);
  const section = await screen.findByRole('region', { name: 'Saved pictures' });
  expect(
    await within(section).findByText(
      /^No copies are saved yet\. Pictures made in the sandbox need none: they are kept inside your history\./,
    ),
  ).toBeVisible();
  expect(within(section).getByRole('button', { name: 'Free up space' })).toBeDisabled();
  expect(within(section).queryByRole('button', { name: 'Ask to keep them for good' })).toBeNull();
});

test('a saved copy that cannot be shown gives way to the link, and says the link expired only if that fails too', async () => {
  await putSaved(LINK, new TextEncoder().encode('<html>not a picture</html>').buffer, 'image/png');
  vi.spyOn(URL, 'createObjectURL').mockImplementation(() => 'blob:broken-copy');
  render(<PictureImage link={LINK} alt="a lighthouse" />);
  const copy = await screen.findByRole('img', { name: 'a lighthouse' });
  expect(copy).toHaveAttribute('src', 'blob:broken-copy');
  fireEvent.error(copy);
  const fromLink = screen.getByRole('img', { name: 'a lighthouse' });
  expect(fromLink).toHaveAttribute('src', LINK);
  expect(screen.queryByText(LINK_GONE_WORDS)).toBeNull();
  fireEvent.error(fromLink);
  expect(screen.getByText(LINK_GONE_WORDS)).toBeVisible();
});

test('a picture first shown after this visit kept its first copy (an import, say) is shown from the copy', async () => {
  // The viewer reads its source for the whole visit, mounted before any copy existed.
  function Viewer({ link }: { link?: string }) {
    const source = usePictureSource(link);
    return source.from === 'reading' ? null : <img src={source.src} alt="a lighthouse, opened" />;
  }
  vi.spyOn(URL, 'createObjectURL').mockImplementation(() => 'blob:imported-copy');
  const { rerender } = render(<Viewer />);
  await putSaved(LINK, PNG.slice().buffer, 'image/png');
  rerender(<Viewer link={LINK} />);
  expect(await screen.findByRole('img', { name: 'a lighthouse, opened' })).toHaveAttribute(
    'src',
    'blob:imported-copy',
  );
});

test('the object URL of a copy is shared by the places showing it and revoked once none does', async () => {
  await putSaved(LINK, PNG.slice().buffer, 'image/png');
  const create = vi.spyOn(URL, 'createObjectURL').mockImplementation(() => 'blob:shared-copy');
  const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
  const tile = render(<PictureImage link={LINK} alt="a tile" />);
  await screen.findByRole('img', { name: 'a tile' });
  const viewer = render(<PictureImage link={LINK} alt="the viewer" />);
  expect(await screen.findByRole('img', { name: 'the viewer' })).toHaveAttribute(
    'src',
    'blob:shared-copy',
  );
  expect(create).toHaveBeenCalledTimes(1);
  viewer.unmount();
  await Promise.resolve();
  expect(revoke).not.toHaveBeenCalled();
  tile.unmount();
  await vi.waitFor(() => expect(revoke).toHaveBeenCalledWith('blob:shared-copy'), {
    timeout: 10_000,
  });
});
