import {
  MASK_SIZE_MISMATCH,
  MAX_ENLARGED_SIDE,
  PictureRefused,
  UNABLE_TO_FETCH,
} from './editRules';
import type { EnlargePicture, KeepUpload, RepaintPicture, VaryPicture } from './handlers';

/**
 * The sandbox's picture functions without pixels, where there is no canvas (the browser
 * tests' stand-in server, unit tests): pictures are addresses under `origin` that say
 * what they are (`/pictures/<seed>-<index>-<W>x<H>-<what>.svg`, drawn by whoever serves
 * them), uploads are kept as bytes under `/uploads/<n>.<ext>`. As there is no network,
 * only this origin's pictures and uploads and inline data URLs can be "downloaded".
 */

type Size = { width: number; height: number };

export type AddressEdits = {
  keepUpload: KeepUpload;
  vary: VaryPicture;
  repaint: RepaintPicture;
  enlarge: EnlargePicture;
  /** An upload's bytes and type, by its path (`/uploads/3.png`). */
  upload: (path: string) => { bytes: Uint8Array; type: string } | undefined;
};

const EXTENSIONS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/jpg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

function decodeDataUrl(url: string): { bytes: Uint8Array; type: string } | undefined {
  const match = /^data:(image\/[\w.+-]+);base64,(.*)$/is.exec(url);
  if (!match) return undefined;
  try {
    const binary = atob((match[2] ?? '').replace(/\s+/g, ''));
    return {
      bytes: Uint8Array.from(binary, (c) => c.charCodeAt(0)),
      type: (match[1] ?? '').toLowerCase(),
    };
  } catch {
    return undefined;
  }
}

/** Width and height from a PNG, GIF or JPEG header, when it has one. */
export function headerSize(bytes: Uint8Array): Size | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length >= 24 && bytes[0] === 0x89 && bytes[1] === 0x50) {
    return { width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (bytes.length >= 10 && bytes[0] === 0x47 && bytes[1] === 0x49) {
    return { width: view.getUint16(6, true), height: view.getUint16(8, true) };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    // Walk the JPEG segments to the frame header (SOF0–SOF15, not DHT/JPG/DAC).
    let at = 2;
    while (at + 9 < bytes.length && bytes[at] === 0xff) {
      const marker = bytes[at + 1] ?? 0;
      const length = view.getUint16(at + 2);
      if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
        return { width: view.getUint16(at + 7), height: view.getUint16(at + 5) };
      }
      at += 2 + length;
    }
  }
  return undefined;
}

export function addressEdits(origin: string): AddressEdits {
  const uploads = new Map<string, { bytes: Uint8Array; type: string }>();
  let count = 0;

  const ownPath = (url: string): string | undefined => {
    if (!url.startsWith(`${origin}/`)) return undefined;
    const path = new URL(url).pathname;
    return path.startsWith('/pictures/') || uploads.has(path) ? path : undefined;
  };

  /** The picture's size if it is reachable and known; throws when it is not reachable. */
  function reach(url: string): Size | undefined {
    const inline = decodeDataUrl(url);
    if (inline) return headerSize(inline.bytes);
    const path = ownPath(url);
    if (!path) throw new PictureRefused(UNABLE_TO_FETCH);
    const kept = uploads.get(path);
    if (kept) return headerSize(kept.bytes);
    const [, w, h] = /^\/pictures\/\d+-\d+-(\d+)x(\d+)/.exec(path) ?? [];
    return w && h ? { width: Number(w), height: Number(h) } : undefined;
  }

  const picture = (seed: number, index: number, { width, height }: Size, what: string) =>
    `${origin}/pictures/${seed}-${index}-${width}x${height}-${what}.svg`;

  return {
    upload: (path) => uploads.get(path),
    async keepUpload(dataUrl) {
      const decoded = decodeDataUrl(dataUrl);
      if (!decoded) throw new Error('Not an image data URL');
      count += 1;
      const path = `/uploads/${count}.${EXTENSIONS[decoded.type] ?? 'img'}`;
      uploads.set(path, decoded);
      return `${origin}${path}`;
    },
    async vary(init, spec, strength) {
      reach(init);
      return picture(spec.seed, spec.index, spec, `img2img-${Math.round(strength * 100)}`);
    },
    async repaint(init, mask, spec, strength) {
      const size = reach(init);
      const maskSize = reach(mask);
      if (size && maskSize && (size.width !== maskSize.width || size.height !== maskSize.height))
        throw new PictureRefused(MASK_SIZE_MISMATCH);
      return picture(spec.seed, spec.index, size ?? spec, `inpaint-${Math.round(strength * 100)}`);
    },
    async enlarge(init, scale, faceEnhance) {
      const size = reach(init) ?? { width: 512, height: 512 };
      const fit = Math.min(scale, MAX_ENLARGED_SIDE / Math.max(size.width, size.height));
      const enlarged = {
        width: Math.round(size.width * fit),
        height: Math.round(size.height * fit),
      };
      return {
        url: picture(0, 0, enlarged, `x${scale}${faceEnhance ? '-face' : ''}`),
        ...enlarged,
      };
    },
  };
}
