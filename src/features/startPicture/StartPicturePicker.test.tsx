import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, expect, test, vi } from 'vitest';
import type { DecodedPicture } from './prepareImage';
import StartPicturePicker, { type StartPicturePickerProps } from './StartPicturePicker';

/**
 * jsdom cannot open or draw pictures: the browser's side (decodePicture.ts) is faked here.
 * Everything else is real: reading the file, sniffing its bytes, deciding what to send.
 */
const browser = vi.hoisted(() => ({
  decode: undefined as unknown as (blob: Blob) => Promise<DecodedPicture>,
}));
vi.mock('./decodePicture', () => ({ decodePicture: (blob: Blob) => browser.decode(blob) }));

const PNG_BYTES = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
const PNG_DATA_URL = `data:image/png;base64,${btoa(String.fromCharCode(...PNG_BYTES))}`;
const LINK = 'https://pub-3626123a908346a7a8be8d9295f44e26.r2.dev/temp/start-picture.png';

const picture = (name = 'garden.png') => new File([PNG_BYTES], name, { type: 'image/png' });
const pdf = () =>
  new File([new TextEncoder().encode('%PDF-1.7\n%âãÏÓ\n')], 'invoice.pdf', {
    type: 'application/pdf',
  });

function decodedAs(width: number, height: number, encodedBytes = 1000): DecodedPicture {
  return {
    width,
    height,
    encode: async (_w, _h, type) => new Blob([new Uint8Array(encodedBytes)], { type }),
    hasTransparency: () => false,
    close: () => undefined,
  };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

beforeEach(() => {
  browser.decode = async () => decodedAs(640, 480);
});

function renderPicker(props: Partial<StartPicturePickerProps> = {}) {
  const upload = vi.fn<StartPicturePickerProps['upload']>(async () => LINK);
  const onPicked = vi.fn<StartPicturePickerProps['onPicked']>();
  const all = { upload, onPicked, ...props };
  const view = render(<StartPicturePicker {...all} />);
  const fileInput = view.container.querySelector<HTMLInputElement>('input[type="file"]');
  if (!fileInput) throw new Error('no file input');
  return { ...view, ...all, upload: all.upload, onPicked: all.onPicked, fileInput };
}

test('user chooses a file: it is prepared, uploaded, and the link is handed back', async () => {
  const user = userEvent.setup();
  const opened = deferred<DecodedPicture>();
  browser.decode = () => opened.promise;
  const uploaded = deferred<string>();
  const { fileInput, upload, onPicked } = renderPicker({ upload: vi.fn(() => uploaded.promise) });

  await user.upload(fileInput, picture());
  expect(screen.getByRole('status')).toHaveTextContent('Preparing the picture…');

  opened.resolve(decodedAs(640, 480));
  await waitFor(() =>
    expect(screen.getByRole('status')).toHaveTextContent('Uploading the picture…'),
  );
  // A small PNG goes as it is, with its own bytes.
  expect(upload).toHaveBeenCalledExactlyOnceWith(PNG_DATA_URL, expect.any(AbortSignal));
  expect(onPicked).not.toHaveBeenCalled();

  uploaded.resolve(LINK);
  await waitFor(() =>
    expect(onPicked).toHaveBeenCalledExactlyOnceWith({
      url: LINK,
      width: 640,
      height: 480,
      source: 'file',
    }),
  );
  expect(screen.queryByText('Uploading the picture…')).not.toBeInTheDocument();
  expect(screen.queryByRole('alert')).not.toBeInTheDocument();
});

test('the button opens the file chooser, from the keyboard too', async () => {
  const user = userEvent.setup();
  const { fileInput } = renderPicker();
  const opens = vi.spyOn(fileInput, 'click').mockImplementation(() => undefined);
  await user.tab();
  expect(screen.getByRole('button', { name: 'Choose a picture…' })).toHaveFocus();
  await user.keyboard('{Enter}');
  expect(opens).toHaveBeenCalledOnce();
  expect(fileInput).toHaveAttribute('accept', 'image/*');
});

test('a huge picture is made smaller and its note is handed back with the new size', async () => {
  const user = userEvent.setup();
  browser.decode = async () => decodedAs(6000, 4000, 2000);
  const upload = vi.fn(async () => LINK);
  const { fileInput, onPicked } = renderPicker({ upload });
  await user.upload(fileInput, picture('huge.png'));
  await waitFor(() => expect(onPicked).toHaveBeenCalledOnce());
  expect(upload).toHaveBeenCalledWith(
    `data:image/png;base64,${btoa('\0'.repeat(2000))}`,
    expect.any(AbortSignal),
  );
  expect(onPicked).toHaveBeenCalledWith({
    url: LINK,
    width: 2048,
    height: 1365,
    note: 'Scaled down from 6000 × 4000 to 2048 × 1365 (pictures are sent at most 2048 pixels wide or high).',
    source: 'file',
  });
});

test('user sees why an upload failed, and can try again without choosing the file again', async () => {
  const user = userEvent.setup();
  const upload = vi
    .fn<StartPicturePickerProps['upload']>()
    .mockRejectedValueOnce(new Error('ModelsLab refused the upload: the picture is too large.'))
    .mockResolvedValueOnce(LINK);
  const { fileInput, onPicked } = renderPicker({ upload });

  await user.upload(fileInput, picture());
  const alert = await screen.findByRole('alert');
  expect(alert).toHaveTextContent('ModelsLab refused the upload: the picture is too large.');
  expect(onPicked).not.toHaveBeenCalled();
  expect(screen.getByRole('button', { name: 'Choose a picture…' })).toBeEnabled();

  await user.click(screen.getByRole('button', { name: 'Try again' }));
  await waitFor(() => expect(onPicked).toHaveBeenCalledOnce());
  expect(upload).toHaveBeenCalledTimes(2);
  expect(upload.mock.calls[1]?.[0]).toBe(PNG_DATA_URL);
  expect(screen.queryByRole('alert')).not.toBeInTheDocument();
});

test('when an upload fails while Cancel has the focus, the focus goes back to the file button', async () => {
  const user = userEvent.setup();
  const uploaded = deferred<string>();
  const { fileInput } = renderPicker({ upload: () => uploaded.promise });
  await user.upload(fileInput, picture());
  screen.getByRole('button', { name: 'Cancel' }).focus();
  uploaded.reject(new Error('The upload took too long. Try again.'));
  expect(await screen.findByRole('alert')).toHaveTextContent(
    'The upload took too long. Try again.',
  );
  expect(screen.getByRole('button', { name: 'Choose a picture…' })).toHaveFocus();
});

test('an upload failing without words gets a plain message', async () => {
  const user = userEvent.setup();
  const { fileInput } = renderPicker({ upload: () => Promise.reject('offline') });
  await user.upload(fileInput, picture());
  expect(await screen.findByRole('alert')).toHaveTextContent(
    'The picture could not be uploaded. Check your connection and try again.',
  );
});

test('user cancels an upload: it is aborted, nothing is picked, and the keyboard stays in the picker', async () => {
  const user = userEvent.setup();
  const uploaded = deferred<string>();
  let signal: AbortSignal | undefined;
  const { fileInput, onPicked } = renderPicker({
    upload: (_dataUrl, given) => {
      signal = given;
      return uploaded.promise;
    },
  });
  await user.upload(fileInput, picture());
  await screen.findByText('Uploading the picture…');
  expect(signal?.aborted).toBe(false);

  await user.click(screen.getByRole('button', { name: 'Cancel' }));
  expect(signal?.aborted).toBe(true);
  expect(screen.getByRole('status')).toHaveTextContent('Upload cancelled.');
  expect(screen.getByRole('button', { name: 'Choose a picture…' })).toHaveFocus();
  expect(screen.queryByRole('button', { name: 'Cancel' })).not.toBeInTheDocument();

  // A service that finishes anyway is not taken as the person's choice.
  uploaded.resolve(LINK);
  await uploaded.promise;
  expect(onPicked).not.toHaveBeenCalled();
  expect(screen.queryByRole('alert')).not.toBeInTheDocument();
});

test('a file that is not a picture is named in plain words, and another can be chosen', async () => {
  const user = userEvent.setup({ applyAccept: false });
  const decode = vi.fn(async () => decodedAs(640, 480));
  browser.decode = decode;
  const { fileInput, upload, onPicked } = renderPicker();

  await user.upload(fileInput, pdf());
  expect(await screen.findByRole('alert')).toHaveTextContent(
    'That file is not a picture (it looks like a PDF). Choose a PNG, JPEG or WebP picture.',
  );
  expect(screen.queryByRole('button', { name: 'Try again' })).not.toBeInTheDocument();
  expect(decode).not.toHaveBeenCalled();
  expect(upload).not.toHaveBeenCalled();

  await user.upload(fileInput, picture());
  await waitFor(() => expect(onPicked).toHaveBeenCalledOnce());
  expect(screen.queryByRole('alert')).not.toBeInTheDocument();
});

test('a damaged picture is called so', async () => {
  const user = userEvent.setup();
  browser.decode = () => Promise.reject(new DOMException('The source image could not be decoded.'));
  const { fileInput, upload } = renderPicker();
  await user.upload(fileInput, picture('broken.png'));
  expect(await screen.findByRole('alert')).toHaveTextContent(
    'The browser could not open this picture (it may be damaged).',
  );
  expect(upload).not.toHaveBeenCalled();
});

test('user drops a picture on the drop zone; the form around it does not take it twice', async () => {
  const formDrop = vi.fn();
  const upload = vi.fn(async () => LINK);
  const onPicked = vi.fn();
  render(
    // biome-ignore lint/a11y/noStaticElementInteractions: stands in for the form's own drop handler
    <div onDrop={formDrop}>
      <StartPicturePicker upload={upload} onPicked={onPicked} />
    </div>,
  );
  const zone = screen.getByText('Drop a picture here, or paste one');
  const dataTransfer = { files: [picture()], types: ['Files'], dropEffect: 'none' };
  const over = fireEvent.dragOver(zone, { dataTransfer });
  expect(over).toBe(false); // default prevented: the browser lets the file be dropped here
  fireEvent.drop(zone, { dataTransfer });
  await waitFor(() => expect(onPicked).toHaveBeenCalledOnce());
  expect(upload).toHaveBeenCalledWith(PNG_DATA_URL, expect.any(AbortSignal));
  expect(formDrop).not.toHaveBeenCalled();
});

test('user pastes a picture while in the picker', async () => {
  const { upload, onPicked } = renderPicker();
  const field = screen.getByLabelText('Picture address (URL)');
  fireEvent.paste(field, { clipboardData: { files: [picture('pasted.png')], items: [] } });
  await waitFor(() => expect(onPicked).toHaveBeenCalledOnce());
  expect(upload).toHaveBeenCalledOnce();
});

test('a file handed over by the form is taken at once, and only once', async () => {
  const first = picture('dropped-on-form.png');
  const { upload, onPicked, rerender } = renderPicker({ pendingFile: first });
  await waitFor(() => expect(onPicked).toHaveBeenCalledOnce());
  rerender(<StartPicturePicker upload={upload} onPicked={onPicked} pendingFile={first} />);
  rerender(
    <StartPicturePicker upload={upload} onPicked={onPicked} pendingFile={picture('next.png')} />,
  );
  await waitFor(() => expect(onPicked).toHaveBeenCalledTimes(2));
  expect(upload).toHaveBeenCalledTimes(2);
});

test('user types a picture address: only a web address is taken, and why is said plainly', async () => {
  const user = userEvent.setup();
  const { upload, onPicked } = renderPicker();
  const field = screen.getByLabelText('Picture address (URL)');
  expect(field).toHaveAccessibleDescription(
    'The service downloads the picture from this address itself, so it must be public: not behind a sign-in, and not only on your computer.',
  );

  await user.click(screen.getByRole('button', { name: 'Use this address' }));
  expect(field).toHaveAttribute('aria-invalid', 'true');
  expect(field).toHaveAccessibleDescription(
    expect.stringContaining(
      'Paste the address of a picture first. A picture address starts with https:// (or http://).',
    ),
  );

  await user.type(field, 'example.com/cat.png{Enter}');
  expect(field).toHaveAccessibleDescription(
    expect.stringContaining(
      'That is not a complete web address. A picture address starts with https://',
    ),
  );
  await user.clear(field);
  expect(field).toHaveAttribute('aria-invalid', 'false');

  await user.type(field, 'file:///Users/me/cat.png{Enter}');
  expect(field).toHaveAccessibleDescription(
    expect.stringContaining(
      'That address is only on this device, and the service cannot reach it. Choose the picture as a file instead.',
    ),
  );
  expect(onPicked).not.toHaveBeenCalled();

  await user.clear(field);
  await user.type(field, '  https://example.com/cat.png {Enter}');
  expect(onPicked).toHaveBeenCalledExactlyOnceWith({
    url: 'https://example.com/cat.png',
    source: 'url',
  });
  expect(field).toHaveAttribute('aria-invalid', 'false');
  expect(upload).not.toHaveBeenCalled();
});

test('Enter in the address field does not submit the form around the picker', async () => {
  const user = userEvent.setup();
  const submit = vi.fn((event: { preventDefault: () => void }) => event.preventDefault());
  render(
    <form onSubmit={submit}>
      <StartPicturePicker upload={vi.fn()} onPicked={vi.fn()} />
      <button type="submit">Generate</button>
    </form>,
  );
  await user.type(screen.getByLabelText('Picture address (URL)'), 'https://example.com/a.png');
  await user.keyboard('{Enter}');
  await user.click(screen.getByRole('button', { name: 'Use this address' }));
  expect(submit).not.toHaveBeenCalled();
});

test('Close is offered only when the form can close the picker', async () => {
  const user = userEvent.setup();
  const { rerender, upload, onPicked } = renderPicker();
  expect(screen.queryByRole('button', { name: 'Close' })).not.toBeInTheDocument();
  const onCancel = vi.fn();
  rerender(<StartPicturePicker upload={upload} onPicked={onPicked} onCancel={onCancel} />);
  await user.click(screen.getByRole('button', { name: 'Close' }));
  expect(onCancel).toHaveBeenCalledOnce();
});
