import fc from 'fast-check';
import { describe, expect, test, vi } from 'vitest';
import {
  type DecodedPicture,
  describeNotPicture,
  type Encode,
  encodeToFit,
  fitWithin,
  jpegOrientation,
  PictureError,
  prepareImage,
  sniffImageType,
} from './prepareImage';

const bytesOf = (...parts: Array<string | number[]>) =>
  new Uint8Array(
    parts.flatMap((part) =>
      typeof part === 'string' ? Array.from(part, (char) => char.charCodeAt(0)) : part,
    ),
  );
const PNG = bytesOf([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'rest of a png');
const JPEG = bytesOf([0xff, 0xd8, 0xff, 0xe0], 'rest of a jpeg');
const GIF = bytesOf('GIF89a', [1, 0, 1, 0]);
const WEBP = bytesOf('RIFF', [0, 0, 0, 0], 'WEBPVP8 ');
/** "BM", the file size, two reserved words, the data offset, then a 40-byte header. */
const BMP = bytesOf('BM', [0, 0, 0, 0], [0, 0, 0, 0], [54, 0, 0, 0], [40, 0, 0, 0], [1, 0]);
const AVIF = bytesOf([0, 0, 0, 0x1c], 'ftypavif', [0, 0, 0, 0]);
const HEIC = bytesOf([0, 0, 0, 0x18], 'ftypheic', [0, 0, 0, 0]);
const MP4 = bytesOf([0, 0, 0, 0x18], 'ftypisom', [0, 0, 2, 0]);
const PDF = bytesOf('%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n');
const ZIP = bytesOf([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]);
const TEXT = bytesOf('Shopping list:\n- milk\n- bread\n');

const MB = 1_000_000;

describe('fitWithin', () => {
  test('scales the longer side down to the limit and keeps the shape', () => {
    expect(fitWithin(6000, 4000, 2048)).toEqual({ width: 2048, height: 1365 });
    expect(fitWithin(3000, 9000, 2048)).toEqual({ width: 683, height: 2048 });
    expect(fitWithin(4096, 4096, 2048)).toEqual({ width: 2048, height: 2048 });
  });

  test('never enlarges a picture that already fits', () => {
    expect(fitWithin(800, 600, 2048)).toEqual({ width: 800, height: 600 });
    expect(fitWithin(2048, 1000, 2048)).toEqual({ width: 2048, height: 1000 });
    expect(fitWithin(1, 1, 2048)).toEqual({ width: 1, height: 1 });
  });

  test('never makes a side 0, and gives whole pixels', () => {
    expect(fitWithin(10_000, 1, 2048)).toEqual({ width: 2048, height: 1 });
    expect(fitWithin(1, 10_000, 100)).toEqual({ width: 1, height: 100 });
    expect(fitWithin(100.4, 50.6, 2048)).toEqual({ width: 100, height: 51 });
  });

  test('refuses sizes that are not positive numbers', () => {
    expect(() => fitWithin(0, 100, 2048)).toThrow(RangeError);
    expect(() => fitWithin(100, -1, 2048)).toThrow(RangeError);
    expect(() => fitWithin(Number.NaN, 100, 2048)).toThrow(RangeError);
    expect(() => fitWithin(100, 100, 0)).toThrow(RangeError);
  });

  test('for any size: whole pixels, within the limit, never larger, same shape to a pixel', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50_000 }),
        fc.integer({ min: 1, max: 50_000 }),
        fc.integer({ min: 1, max: 4096 }),
        (width, height, maxSide) => {
          const fitted = fitWithin(width, height, maxSide);
          expect(Number.isInteger(fitted.width) && Number.isInteger(fitted.height)).toBe(true);
          expect(Math.min(fitted.width, fitted.height)).toBeGreaterThanOrEqual(1);
          expect(Math.max(fitted.width, fitted.height)).toBeLessThanOrEqual(maxSide);
          expect(fitted.width).toBeLessThanOrEqual(width);
          expect(fitted.height).toBeLessThanOrEqual(height);
          // The shorter side is the exact one, rounded: within half a pixel (or 1 px floor).
          const scale = Math.max(fitted.width, fitted.height) / Math.max(width, height);
          expect(Math.abs(fitted.width - width * scale)).toBeLessThanOrEqual(1);
          expect(Math.abs(fitted.height - height * scale)).toBeLessThanOrEqual(1);
        },
      ),
    );
  });
});

describe('sniffImageType', () => {
  test('knows pictures by their first bytes', () => {
    expect(sniffImageType(PNG)).toBe('image/png');
    expect(sniffImageType(JPEG)).toBe('image/jpeg');
    expect(sniffImageType(GIF)).toBe('image/gif');
    expect(sniffImageType(bytesOf('GIF87a'))).toBe('image/gif');
    expect(sniffImageType(WEBP)).toBe('image/webp');
    expect(sniffImageType(BMP)).toBe('image/bmp');
    expect(sniffImageType(AVIF)).toBe('image/avif');
  });

  test('is not fooled by text that starts like a picture, or by other files', () => {
    expect(sniffImageType(bytesOf('BMW and Audi are car makers'))).toBeUndefined();
    expect(sniffImageType(bytesOf('RIFF', [0, 0, 0, 0], 'WAVEfmt '))).toBeUndefined();
    expect(sniffImageType(bytesOf([0x89, 0x50, 0x4e]))).toBeUndefined();
    for (const other of [PDF, ZIP, TEXT, MP4, HEIC, new Uint8Array()]) {
      expect(sniffImageType(other)).toBeUndefined();
    }
  });
});

describe('describeNotPicture', () => {
  test('names the common files people pick by mistake', () => {
    expect(describeNotPicture(PDF)).toBe('a PDF');
    expect(describeNotPicture(ZIP)).toBe('a ZIP archive or an Office document');
    expect(describeNotPicture(TEXT)).toBe('a text file');
    expect(describeNotPicture(MP4)).toBe('a video');
  });

  test('says nothing about bytes it does not recognise', () => {
    expect(describeNotPicture(bytesOf([0, 1, 2, 3, 0xfe, 0x00]))).toBeUndefined();
    expect(describeNotPicture(HEIC)).toBeUndefined();
    expect(describeNotPicture(new Uint8Array())).toBeUndefined();
  });
});

/** A JPEG start with an EXIF block holding only an orientation, in either byte order. */
function jpegWithOrientation(orientation: number, little: boolean) {
  const u16 = (value: number) => (little ? [value & 255, value >> 8] : [value >> 8, value & 255]);
  const u32 = (value: number) => (little ? [value, 0, 0, 0] : [0, 0, 0, value]);
  const tiff = [
    ...(little ? [0x49, 0x49] : [0x4d, 0x4d]),
    ...u16(42),
    ...u32(8),
    ...u16(1),
    ...[...u16(0x0112), ...u16(3), ...u32(1), ...u16(orientation), 0, 0],
    ...u32(0),
  ];
  const app1 = [...bytesOf('Exif', [0, 0]), ...tiff];
  const length = app1.length + 2;
  return bytesOf([0xff, 0xd8, 0xff, 0xe1, length >> 8, length & 255], app1, [0xff, 0xda]);
}

describe('jpegOrientation', () => {
  test('reads the EXIF orientation in both byte orders', () => {
    expect(jpegOrientation(jpegWithOrientation(6, false))).toBe(6);
    expect(jpegOrientation(jpegWithOrientation(8, true))).toBe(8);
    expect(jpegOrientation(jpegWithOrientation(1, true))).toBe(1);
  });

  test('takes a photo without EXIF, a damaged one or a non-JPEG as upright', () => {
    expect(jpegOrientation(JPEG)).toBe(1);
    expect(jpegOrientation(jpegWithOrientation(6, false).subarray(0, 20))).toBe(1);
    expect(jpegOrientation(PNG)).toBe(1);
  });
});

type Call = [width: number, height: number, type: string, quality: number | undefined];

/** A fake encoder: records what was asked, answers a blob of the size `sizeOf` says. */
function fakeEncoder(sizeOf: (...call: Call) => number) {
  const calls: Call[] = [];
  const encode: Encode = async (width, height, type, quality) => {
    calls.push([width, height, type, quality]);
    return new Blob([new Uint8Array(sizeOf(width, height, type, quality))], { type });
  };
  return { calls, encode };
}

describe('encodeToFit', () => {
  test('a huge PNG photo: scaled to 2048, too heavy as PNG, so saved as JPEG', async () => {
    const { calls, encode } = fakeEncoder((_w, _h, type) =>
      type === 'image/png' ? 9 * MB : 3 * MB,
    );
    const result = await encodeToFit({
      width: 6000,
      height: 4000,
      sourceType: 'image/png',
      sourceBytes: 30 * MB,
      encode,
      hasTransparency: () => false,
    });
    expect(calls).toEqual([
      [2048, 1365, 'image/png', undefined],
      [2048, 1365, 'image/jpeg', 0.92],
    ]);
    expect(result).toMatchObject({ width: 2048, height: 1365, type: 'image/jpeg' });
    expect(result.blob.size).toBe(3 * MB);
    expect(result.note).toBe(
      'Scaled down from 6000 × 4000 to 2048 × 1365 and saved as JPEG to fit the 5 MB upload limit.',
    );
  });

  test('a JPEG over 5 MB at an acceptable size: quality steps down until it fits', async () => {
    const sizes: Record<number, number> = { 0.92: 6.5 * MB, 0.84: 5.2 * MB, 0.76: 4.9 * MB };
    const { calls, encode } = fakeEncoder((_w, _h, _type, quality) => sizes[quality ?? 0] ?? 1);
    const result = await encodeToFit({
      width: 1800,
      height: 1200,
      sourceType: 'image/jpeg',
      sourceBytes: 7 * MB,
      encode,
      hasTransparency: () => {
        throw new Error('a JPEG has no transparency to ask about');
      },
    });
    expect(calls).toEqual([
      [1800, 1200, 'image/jpeg', 0.92],
      [1800, 1200, 'image/jpeg', 0.84],
      [1800, 1200, 'image/jpeg', 0.76],
    ]);
    expect(result).toMatchObject({ width: 1800, height: 1200, type: 'image/jpeg' });
    expect(result.note).toBe('Saved again as a smaller JPEG to fit the 5 MB upload limit.');
  });

  test('when even the lowest quality is too heavy, the picture gets smaller by 0.8 steps', async () => {
    // Two bytes a pixel, whatever the quality: 2048 × 1365 is 5.6 MB, 1638 × 1092 is 3.6 MB.
    const { calls, encode } = fakeEncoder((width, height) => width * height * 2);
    const result = await encodeToFit({
      width: 6000,
      height: 4000,
      sourceType: 'image/jpeg',
      sourceBytes: 12 * MB,
      encode,
      hasTransparency: () => false,
    });
    expect(calls).toEqual([
      [2048, 1365, 'image/jpeg', 0.92],
      [2048, 1365, 'image/jpeg', 0.84],
      [2048, 1365, 'image/jpeg', 0.76],
      [2048, 1365, 'image/jpeg', 0.68],
      [2048, 1365, 'image/jpeg', 0.6],
      [1638, 1092, 'image/jpeg', 0.6],
    ]);
    expect(result.note).toBe(
      'Scaled down from 6000 × 4000 to 1638 × 1092 to fit the 5 MB upload limit.',
    );
  });

  test('a see-through PNG that has to become JPEG says its transparent parts became white', async () => {
    const { encode } = fakeEncoder((_w, _h, type) => (type === 'image/png' ? 6 * MB : 2 * MB));
    const result = await encodeToFit({
      width: 3000,
      height: 3000,
      sourceType: 'image/png',
      sourceBytes: 8 * MB,
      encode,
      hasTransparency: () => true,
    });
    expect(result.note).toBe(
      'Scaled down from 3000 × 3000 to 2048 × 2048 and saved as JPEG to fit the 5 MB upload limit. Its see-through parts became white: JPEG has no transparency.',
    );
  });

  test('a big PNG that fits once scaled stays a PNG, transparency and all', async () => {
    const { calls, encode } = fakeEncoder(() => 2 * MB);
    const result = await encodeToFit({
      width: 4000,
      height: 3000,
      sourceType: 'image/png',
      sourceBytes: 3 * MB,
      encode,
      hasTransparency: () => true,
    });
    expect(calls).toEqual([[2048, 1536, 'image/png', undefined]]);
    expect(result.type).toBe('image/png');
    expect(result.note).toBe(
      'Scaled down from 4000 × 3000 to 2048 × 1536 (pictures are sent at most 2048 pixels wide or high).',
    );
  });

  test('a PNG too heavy at a size that needs no scaling goes straight to JPEG', async () => {
    const { calls, encode } = fakeEncoder(() => 2 * MB);
    await encodeToFit({
      width: 2000,
      height: 2000,
      sourceType: 'image/png',
      sourceBytes: 6 * MB,
      encode,
      hasTransparency: () => false,
    });
    expect(calls).toEqual([[2000, 2000, 'image/jpeg', 0.92]]);
  });

  test('a GIF becomes a PNG, and an animation keeps its first frame', async () => {
    const { calls, encode } = fakeEncoder(() => 100_000);
    const result = await encodeToFit({
      width: 400,
      height: 300,
      sourceType: 'image/gif',
      sourceBytes: 50_000,
      encode,
      hasTransparency: () => false,
    });
    expect(calls).toEqual([[400, 300, 'image/png', undefined]]);
    expect(result.note).toBe(
      'Saved as PNG, a format the service accepts. If it was animated, only its first frame is kept.',
    );
  });

  test('an opaque AVIF becomes a JPEG; a see-through one a PNG', async () => {
    const opaque = fakeEncoder(() => 100_000);
    const first = await encodeToFit({
      width: 800,
      height: 600,
      sourceType: 'image/avif',
      sourceBytes: 40_000,
      encode: opaque.encode,
      hasTransparency: () => false,
    });
    expect(opaque.calls).toEqual([[800, 600, 'image/jpeg', 0.92]]);
    expect(first.note).toBe('Saved as JPEG, a format the service accepts.');

    const clear = fakeEncoder(() => 100_000);
    const second = await encodeToFit({
      width: 800,
      height: 600,
      sourceType: 'image/avif',
      sourceBytes: 40_000,
      encode: clear.encode,
      hasTransparency: () => true,
    });
    expect(clear.calls).toEqual([[800, 600, 'image/png', undefined]]);
    expect(second.note).toBe('Saved as PNG, a format the service accepts.');
  });

  test('a sideways-tagged photo is drawn upright and says so', async () => {
    const { encode } = fakeEncoder(() => 100_000);
    const result = await encodeToFit({
      width: 600,
      height: 800,
      sourceType: 'image/jpeg',
      sourceBytes: 90_000,
      turned: true,
      encode,
      hasTransparency: () => false,
    });
    expect(result.note).toBe(
      'Turned upright and saved again as JPEG, so the service sees it the way you do.',
    );
  });

  test('the data URL counts too: a file under the byte limit whose text would be too long is made smaller', async () => {
    // 6 MB fits a 10 MB byte limit, but as base64 it is 8 million characters.
    const { calls, encode } = fakeEncoder((_w, _h, _t, quality) =>
      quality === 0.92 ? 6 * MB : MB,
    );
    await encodeToFit({
      width: 1000,
      height: 1000,
      sourceType: 'image/jpeg',
      sourceBytes: 6 * MB,
      encode,
      hasTransparency: () => false,
      limits: { maxBytes: 10 * MB },
    });
    expect(calls.map((call) => call[3])).toEqual([0.92, 0.84]);
  });

  test('gives up with a plain message when nothing small enough comes out', async () => {
    const { calls, encode } = fakeEncoder(() => 6 * MB);
    const attempt = encodeToFit({
      width: 2048,
      height: 2048,
      sourceType: 'image/jpeg',
      sourceBytes: 6 * MB,
      encode,
      hasTransparency: () => false,
    });
    await expect(attempt).rejects.toThrow(
      new PictureError(
        'too-large',
        'This picture could not be made small enough to upload. Choose a smaller picture.',
      ),
    );
    // 5 qualities, then 1638, 1310, … 88, 70 (each 0.8 of the last, floored): it stops.
    expect(calls.length).toBe(5 + 15);
    expect(calls.at(-1)?.slice(0, 2)).toEqual([70, 70]);
  });
});

/** A fake decoder for a picture of this size, drawing blobs of `size` bytes. */
function fakeDecode(width: number, height: number, size = 100_000) {
  const close = vi.fn();
  const decode = vi.fn(
    async (): Promise<DecodedPicture> => ({
      width,
      height,
      encode: async (_w, _h, type) => new Blob([new Uint8Array(size)], { type }),
      hasTransparency: () => false,
      close,
    }),
  );
  return { decode, close };
}
const failingDecode = () => vi.fn(() => Promise.reject(new Error('InvalidStateError')));
const base64Of = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

describe('prepareImage', () => {
  test('a small PNG is sent as it is, byte for byte, as a PNG whatever the file claims', async () => {
    const { decode, close } = fakeDecode(640, 480);
    const file = new File([PNG], 'cat.png', { type: '' });
    const prepared = await prepareImage(file, { decode });
    expect(prepared).toEqual({
      dataUrl: `data:image/png;base64,${base64Of(PNG)}`,
      width: 640,
      height: 480,
      bytes: PNG.length,
    });
    expect(close).toHaveBeenCalledOnce();
  });

  test('a small JPEG and WebP go as they are too', async () => {
    for (const [bytes, type] of [
      [JPEG, 'image/jpeg'],
      [WEBP, 'image/webp'],
    ] as const) {
      const prepared = await prepareImage(new File([bytes], 'photo', { type: 'image/png' }), {
        decode: fakeDecode(100, 100).decode,
      });
      expect(prepared.dataUrl).toBe(`data:${type};base64,${base64Of(bytes)}`);
      expect(prepared.note).toBeUndefined();
    }
  });

  test('a huge picture comes back smaller, with a note and the new size', async () => {
    const { decode, close } = fakeDecode(6000, 4000, 1234);
    const prepared = await prepareImage(new File([JPEG], 'huge.jpg', { type: 'image/jpeg' }), {
      decode,
    });
    expect(prepared).toEqual({
      dataUrl: `data:image/jpeg;base64,${base64Of(new Uint8Array(1234))}`,
      width: 2048,
      height: 1365,
      bytes: 1234,
      note: 'Scaled down from 6000 × 4000 to 2048 × 1365 (pictures are sent at most 2048 pixels wide or high).',
    });
    expect(close).toHaveBeenCalledOnce();
  });

  test('a file over 5 MB is drawn again even at a small size', async () => {
    const heavy = new Uint8Array(5 * MB + 1);
    heavy.set(JPEG);
    const prepared = await prepareImage(new File([heavy], 'heavy.jpg'), {
      decode: fakeDecode(1800, 1200, 2 * MB).decode,
    });
    expect(prepared.bytes).toBe(2 * MB);
    expect(prepared.note).toBe('Saved again as a smaller JPEG to fit the 5 MB upload limit.');
  });

  test('a BMP is never sent as it is', async () => {
    const prepared = await prepareImage(new File([BMP], 'old.bmp', { type: 'image/bmp' }), {
      decode: fakeDecode(32, 32, 500).decode,
    });
    expect(prepared.dataUrl.startsWith('data:image/png;base64,')).toBe(true);
    expect(prepared.note).toBe('Saved as PNG, a format the service accepts.');
  });

  test.each([
    [
      'a PDF',
      PDF,
      'application/pdf',
      'That file is not a picture (it looks like a PDF). Choose a PNG, JPEG or WebP picture.',
    ],
    [
      'a ZIP',
      ZIP,
      'application/zip',
      'That file is not a picture (it looks like a ZIP archive or an Office document). Choose a PNG, JPEG or WebP picture.',
    ],
    [
      'text',
      TEXT,
      'text/plain',
      'That file is not a picture (it looks like a text file). Choose a PNG, JPEG or WebP picture.',
    ],
    [
      'a PDF renamed to .png',
      PDF,
      'image/png',
      'That file is not a picture (it looks like a PDF). Choose a PNG, JPEG or WebP picture.',
    ],
    [
      'unknown bytes',
      bytesOf([0, 1, 2, 3]),
      'application/octet-stream',
      'That file is not a picture the browser can open. Choose a PNG, JPEG or WebP picture.',
    ],
    [
      'an empty file',
      new Uint8Array(),
      'image/png',
      'That file is empty. Choose a PNG, JPEG or WebP picture.',
    ],
  ])('%s is refused without being opened', async (_name, bytes, type, message) => {
    const { decode } = fakeDecode(10, 10);
    const attempt = prepareImage(new File([bytes], 'file', { type }), { decode });
    await expect(attempt).rejects.toThrow(message);
    await expect(attempt).rejects.toMatchObject({ name: 'PictureError', problem: 'not-a-picture' });
    expect(decode).not.toHaveBeenCalled();
  });

  test('text that says it is a picture is tried (it may be an SVG), and named when it is not', async () => {
    const decode = failingDecode();
    const attempt = prepareImage(new File([TEXT], 'list.png', { type: 'image/png' }), { decode });
    await expect(attempt).rejects.toThrow(
      'That file is not a picture (it looks like a text file). Choose a PNG, JPEG or WebP picture.',
    );
    expect(decode).toHaveBeenCalledOnce();

    const svg = bytesOf('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"/>');
    const prepared = await prepareImage(new File([svg], 'logo.svg', { type: 'image/svg+xml' }), {
      decode: fakeDecode(40, 20).decode,
    });
    expect(prepared.note).toBe('Saved as JPEG, a format the service accepts.');
  });

  test('a picture the browser cannot open is called damaged; a HEIC is named', async () => {
    await expect(
      prepareImage(new File([JPEG], 'broken.jpg', { type: 'image/jpeg' }), {
        decode: failingDecode(),
      }),
    ).rejects.toMatchObject({
      problem: 'undecodable',
      message: 'The browser could not open this picture (it may be damaged).',
    });
    await expect(
      prepareImage(new File([HEIC], 'IMG_0001.HEIC', { type: 'image/heic' }), {
        decode: failingDecode(),
      }),
    ).rejects.toThrow(
      'This browser cannot open HEIC pictures. Choose a PNG, JPEG or WebP picture.',
    );
  });

  test('a picture the device cannot draw small enough gets a plain message', async () => {
    const decode = vi.fn(
      async (): Promise<DecodedPicture> => ({
        width: 9000,
        height: 9000,
        encode: () => Promise.reject(new Error('canvas too large')),
        hasTransparency: () => false,
        close: () => undefined,
      }),
    );
    await expect(prepareImage(new File([JPEG], 'x.jpg'), { decode })).rejects.toThrow(
      'The browser could not make this picture smaller (it may be too large for this device). Choose a smaller picture.',
    );
  });
});
