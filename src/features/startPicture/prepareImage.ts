/**
 * Turns a picture from the person's device into what the upload endpoint accepts: a
 * `data:image/…;base64,` URL of at most 5 MB (docs/modelslab-api.md, "upload a local
 * image"). Huge or heavy pictures are made smaller here, in the browser, with a sentence
 * saying what changed; anything that is not a picture gets a plain message.
 *
 * The decisions (how big, which format, which quality) are pure functions; the browser's
 * decoder and canvas come in through `decode` (see decodePicture.ts) so they can be faked.
 */
import { decodePicture } from './decodePicture';

/** The upload endpoint's limit, counted on the file itself (decimal megabytes, to be safe). */
export const MAX_UPLOAD_BYTES = 5_000_000;
/** The data URL travels as a JSON string: keep it well under 7 MB too. */
export const MAX_DATA_URL_CHARS = 7_000_000;
/** The longer side of what is sent. The API draws at most 1024 px, so more is only weight. */
export const MAX_SIDE = 2048;

/** JPEG qualities tried in turn before the picture is made smaller again. */
export const JPEG_QUALITIES = [0.92, 0.84, 0.76, 0.68, 0.6] as const;
/** Each further step down keeps this share of the sides. */
export const SHRINK_STEP = 0.8;
/** Below this the picture is useless as a start: give up rather than send a smudge. */
const MIN_SIDE = 64;

export type PictureType =
  | 'image/png'
  | 'image/jpeg'
  | 'image/webp'
  | 'image/gif'
  | 'image/bmp'
  | 'image/avif';
export type EncodeType = 'image/png' | 'image/jpeg';
/** Draws the decoded picture at this size and encodes it (JPEG onto white). */
export type Encode = (
  width: number,
  height: number,
  type: EncodeType,
  quality?: number,
) => Promise<Blob>;

/** A picture the browser could open, at its upright size. */
export type DecodedPicture = {
  width: number;
  height: number;
  encode: Encode;
  /** Whether any pixel is see-through (asked at most once, only when it matters). */
  hasTransparency: () => boolean | Promise<boolean>;
  close: () => void;
};
export type Decode = (blob: Blob) => Promise<DecodedPicture>;

export type PreparedImage = {
  dataUrl: string;
  width: number;
  height: number;
  /** The size of the encoded file (what the upload limit counts). */
  bytes: number;
  /** What was changed, in plain words, when the picture is not sent as it was. */
  note?: string;
};

export type PictureProblem = 'not-a-picture' | 'undecodable' | 'too-large';

/** A picture that cannot be sent, with a message meant for the person. */
export class PictureError extends Error {
  readonly problem: PictureProblem;
  constructor(problem: PictureProblem, message: string) {
    super(message);
    this.name = 'PictureError';
    this.problem = problem;
  }
}

const FORMAT_NAMES: Record<PictureType, string> = {
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'image/webp': 'WebP',
  'image/gif': 'GIF',
  'image/bmp': 'BMP',
  'image/avif': 'AVIF',
};
const CHOOSE_ANOTHER = 'Choose a PNG, JPEG or WebP picture.';

/**
 * The largest size with the same shape whose longer side is at most `maxSide`: whole
 * pixels, never 0, never larger than the picture is.
 */
export function fitWithin(
  width: number,
  height: number,
  maxSide: number,
): { width: number; height: number } {
  if (![width, height, maxSide].every((side) => Number.isFinite(side) && side > 0)) {
    throw new RangeError(`fitWithin needs positive sizes, got ${width} × ${height} in ${maxSide}`);
  }
  const w = Math.max(1, Math.round(width));
  const h = Math.max(1, Math.round(height));
  const limit = Math.max(1, Math.floor(maxSide));
  const longer = Math.max(w, h);
  if (longer <= limit) return { width: w, height: h };
  const scale = limit / longer;
  return w >= h
    ? { width: limit, height: Math.max(1, Math.round(h * scale)) }
    : { width: Math.max(1, Math.round(w * scale)), height: limit };
}

const startsWith = (bytes: Uint8Array, signature: ReadonlyArray<number>, at = 0) =>
  bytes.length >= at + signature.length &&
  signature.every((byte, index) => bytes[at + index] === byte);
const ascii = (text: string) => Array.from(text, (char) => char.charCodeAt(0));
/** The brand of an ISO media file (AVIF, HEIC, MP4…), when the bytes are one. */
const isoBrand = (bytes: Uint8Array) =>
  startsWith(bytes, ascii('ftyp'), 4) ? String.fromCharCode(...bytes.subarray(8, 12)) : undefined;

/** Which picture format the first bytes are, whatever the file's name or type claims. */
export function sniffImageType(bytes: Uint8Array): PictureType | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  // "BM" alone starts plenty of text; the size of the header that follows tells a bitmap.
  if (startsWith(bytes, ascii('BM')) && bytes.length >= 18) {
    const headerSize = new DataView(bytes.buffer, bytes.byteOffset + 14, 4).getUint32(0, true);
    if ([12, 40, 52, 56, 64, 108, 124].includes(headerSize)) return 'image/bmp';
  }
  const brand = isoBrand(bytes);
  if (brand === 'avif' || brand === 'avis') return 'image/avif';
  return undefined;
}

const HEIC_BRANDS = ['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1'];

/** What a file that is not a picture looks like, for the message ("it looks like a PDF"). */
export function describeNotPicture(bytes: Uint8Array): string | undefined {
  if (startsWith(bytes, ascii('%PDF-'))) return 'a PDF';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    return 'a ZIP archive or an Office document';
  }
  const brand = isoBrand(bytes);
  if (brand && !HEIC_BRANDS.includes(brand) && brand !== 'avif' && brand !== 'avis') {
    return 'a video';
  }
  if (startsWith(bytes, ascii('\u001aE\u00df\u00a3'))) return 'a video';
  if (bytes.length > 0 && looksLikeText(bytes.subarray(0, 512))) return 'a text file';
  return undefined;
}

/** No NUL and no control characters besides the ones text uses (tab, newlines, form feed). */
function looksLikeText(bytes: Uint8Array): boolean {
  return bytes.every((byte) => byte >= 0x20 || [0x09, 0x0a, 0x0c, 0x0d, 0x1b].includes(byte));
}

const isHeic = (bytes: Uint8Array) => HEIC_BRANDS.includes(isoBrand(bytes) ?? '');

/**
 * The EXIF orientation of a JPEG (1 = upright). Sent unchanged, a sideways-tagged photo
 * could reach the service lying on its side, so such a photo is drawn upright instead.
 */
export function jpegOrientation(bytes: Uint8Array): number {
  if (!startsWith(bytes, [0xff, 0xd8])) return 1;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    let at = 2;
    while (at + 4 <= bytes.length && bytes[at] === 0xff) {
      const marker = bytes[at + 1];
      if (marker === 0xda) return 1; // the picture data starts: no EXIF before it
      const length = view.getUint16(at + 2);
      if (marker === 0xe1 && startsWith(bytes, [...ascii('Exif'), 0, 0], at + 4)) {
        const tiff = at + 10;
        const little = bytes[tiff] === 0x49;
        const directory = tiff + view.getUint32(tiff + 4, little);
        const entries = view.getUint16(directory, little);
        for (let index = 0; index < entries; index += 1) {
          const entry = directory + 2 + index * 12;
          if (view.getUint16(entry, little) === 0x0112) return view.getUint16(entry + 8, little);
        }
        return 1;
      }
      at += 2 + length;
    }
  } catch {
    // A damaged EXIF block: treat the photo as upright, as most viewers would.
  }
  return 1;
}

/** The length of the data URL for `bytes` bytes of `type`. */
export const dataUrlLength = (bytes: number, type: string) =>
  `data:${type};base64,`.length + 4 * Math.ceil(bytes / 3);

export type Limits = { maxBytes: number; maxDataUrlChars: number; maxSide: number };
const LIMITS: Limits = {
  maxBytes: MAX_UPLOAD_BYTES,
  maxDataUrlChars: MAX_DATA_URL_CHARS,
  maxSide: MAX_SIDE,
};

export type EncodeToFitInput = {
  /** The decoded (upright) size. */
  width: number;
  height: number;
  /** The format the file was in, when it was sniffed. */
  sourceType: PictureType | undefined;
  sourceBytes: number;
  /** Why it is drawn again even though it is small: its EXIF says it lies on its side. */
  turned?: boolean;
  encode: Encode;
  hasTransparency: () => boolean | Promise<boolean>;
  limits?: Partial<Limits>;
};

export type Encoded = {
  blob: Blob;
  width: number;
  height: number;
  type: EncodeType;
  note: string;
};

/**
 * Draws the picture again until it fits: at most `maxSide` on its longer side; PNG first
 * when the picture is lossless or see-through; then JPEG at lower and lower quality; then
 * smaller and smaller JPEGs. Says what changed, and why, in one or two sentences.
 */
export async function encodeToFit(input: EncodeToFitInput): Promise<Encoded> {
  const limits = { ...LIMITS, ...input.limits };
  const fits = (blob: Blob, type: EncodeType) =>
    blob.size <= limits.maxBytes &&
    dataUrlLength(blob.size, blob.type || type) <= limits.maxDataUrlChars;
  let transparent: boolean | undefined;
  const hasTransparency = async () => {
    transparent ??= await input.hasTransparency();
    return transparent;
  };

  let size = fitWithin(input.width, input.height, limits.maxSide);
  const scaled = size.width !== input.width || size.height !== input.height;
  const overLimit = input.sourceBytes > limits.maxBytes;
  const lossless =
    input.sourceType === 'image/png' ||
    input.sourceType === 'image/gif' ||
    input.sourceType === 'image/bmp';
  // A PNG that was too heavy at this very size would be as heavy drawn again.
  const pngFirst =
    !(overLimit && !scaled && input.sourceType === 'image/png') &&
    (lossless || (input.sourceType !== 'image/jpeg' && (await hasTransparency())));

  let attempts = 0;
  const attempt = async (type: EncodeType, quality?: number) => {
    attempts += 1;
    const blob = await input.encode(size.width, size.height, type, quality);
    return fits(blob, type) ? blob : undefined;
  };
  const done = async (blob: Blob, type: EncodeType): Promise<Encoded> => ({
    blob,
    ...size,
    type,
    note: await describeChange({
      from: { width: input.width, height: input.height, type: input.sourceType },
      to: { ...size, type },
      reason:
        overLimit || attempts > 1 ? 'weight' : scaled ? 'size' : input.turned ? 'turn' : 'format',
      flattened:
        type === 'image/jpeg' && input.sourceType !== 'image/jpeg' && (await hasTransparency()),
      limits,
    }),
  });

  if (pngFirst) {
    const png = await attempt('image/png');
    if (png) return done(png, 'image/png');
  }
  for (const quality of JPEG_QUALITIES) {
    const jpeg = await attempt('image/jpeg', quality);
    if (jpeg) return done(jpeg, 'image/jpeg');
  }
  const lowest = JPEG_QUALITIES[JPEG_QUALITIES.length - 1];
  for (;;) {
    const longer = Math.max(size.width, size.height);
    const next = Math.floor(longer * SHRINK_STEP);
    if (next < MIN_SIDE) {
      throw new PictureError(
        'too-large',
        'This picture could not be made small enough to upload. Choose a smaller picture.',
      );
    }
    size = fitWithin(size.width, size.height, next);
    const jpeg = await attempt('image/jpeg', lowest);
    if (jpeg) return done(jpeg, 'image/jpeg');
  }
}

type Change = {
  from: { width: number; height: number; type: PictureType | undefined };
  to: { width: number; height: number; type: EncodeType };
  /** weight: over the upload limit; size: too many pixels; turn: EXIF rotation; format: not PNG/JPEG/WebP. */
  reason: 'weight' | 'size' | 'turn' | 'format';
  flattened: boolean;
  limits: Limits;
};

function describeChange({ from, to, reason, flattened, limits }: Change): string {
  const name = FORMAT_NAMES[to.type];
  const scaled = from.width !== to.width || from.height !== to.height;
  const converted = from.type !== to.type;
  const resized = scaled
    ? `scaled down from ${from.width} × ${from.height} to ${to.width} × ${to.height}`
    : '';
  const saved = converted ? `saved as ${name}` : '';
  const change = [resized, saved].filter(Boolean).join(' and ');
  const megabytes = `${limits.maxBytes / 1_000_000} MB`;
  const first = {
    weight: `${change || `saved again as a smaller ${name}`} to fit the ${megabytes} upload limit.`,
    size: `${change} (pictures are sent at most ${limits.maxSide} pixels wide or high).`,
    turn: `turned upright and ${saved || `saved again as ${name}`}, so the service sees it the way you do.`,
    format: `${change || `saved again as ${name}`}, a format the service accepts.`,
  }[reason];
  const sentences = [first.charAt(0).toUpperCase() + first.slice(1)];
  if (flattened) sentences.push('Its see-through parts became white: JPEG has no transparency.');
  if (from.type === 'image/gif')
    sentences.push('If it was animated, only its first frame is kept.');
  return sentences.join(' ');
}

/** Reads a blob as a data URL of the given type (the file's own type may be wrong or empty). */
function readDataUrl(blob: Blob, type: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.readAsDataURL(blob.type === type ? blob : new Blob([blob], { type }));
  });
}

const notPicture = (looksLike: string | undefined) =>
  new PictureError(
    'not-a-picture',
    looksLike
      ? `That file is not a picture (it looks like ${looksLike}). ${CHOOSE_ANOTHER}`
      : `That file is not a picture the browser can open. ${CHOOSE_ANOTHER}`,
  );
const PASS_THROUGH: ReadonlyArray<PictureType | undefined> = [
  'image/png',
  'image/jpeg',
  'image/webp',
];

/**
 * A local picture as an upload-ready data URL (see the top of this file). Throws a
 * PictureError whose message can be shown as it is.
 */
export async function prepareImage(
  file: Blob,
  { decode = decodePicture, limits: given }: { decode?: Decode; limits?: Partial<Limits> } = {},
): Promise<PreparedImage> {
  const limits = { ...LIMITS, ...given };
  if (file.size === 0) {
    throw new PictureError('not-a-picture', `That file is empty. ${CHOOSE_ANOTHER}`);
  }
  const head = new Uint8Array(await file.slice(0, 64 * 1024).arrayBuffer());
  const sniffed = sniffImageType(head);
  const looksLike = sniffed ? undefined : describeNotPicture(head);
  // Text may still be a picture the browser draws (SVG), when the file says it is one.
  const worthTrying = sniffed || (file.type.startsWith('image/') && looksLike === 'a text file');
  if (!worthTrying && (looksLike || !file.type.startsWith('image/'))) throw notPicture(looksLike);

  let picture: DecodedPicture;
  try {
    picture = await decode(file);
  } catch {
    if (looksLike) throw notPicture(looksLike);
    throw new PictureError(
      'undecodable',
      isHeic(head)
        ? `This browser cannot open HEIC pictures. ${CHOOSE_ANOTHER}`
        : 'The browser could not open this picture (it may be damaged).',
    );
  }
  try {
    const turned = sniffed === 'image/jpeg' && jpegOrientation(head) > 1;
    const size = fitWithin(picture.width, picture.height, limits.maxSide);
    const asItIs =
      sniffed &&
      PASS_THROUGH.includes(sniffed) &&
      !turned &&
      size.width === picture.width &&
      size.height === picture.height &&
      file.size <= limits.maxBytes &&
      dataUrlLength(file.size, sniffed) <= limits.maxDataUrlChars;
    if (asItIs) {
      return {
        dataUrl: await readDataUrl(file, sniffed),
        width: picture.width,
        height: picture.height,
        bytes: file.size,
      };
    }
    let encoded: Encoded;
    try {
      encoded = await encodeToFit({
        width: picture.width,
        height: picture.height,
        sourceType: sniffed,
        sourceBytes: file.size,
        turned,
        encode: picture.encode,
        hasTransparency: picture.hasTransparency,
        limits,
      });
    } catch (error) {
      if (error instanceof PictureError) throw error;
      throw new PictureError(
        'too-large',
        'The browser could not make this picture smaller (it may be too large for this device). Choose a smaller picture.',
      );
    }
    return {
      dataUrl: await readDataUrl(encoded.blob, encoded.blob.type || encoded.type),
      width: encoded.width,
      height: encoded.height,
      bytes: encoded.blob.size,
      note: encoded.note,
    };
  } finally {
    picture.close();
  }
}
