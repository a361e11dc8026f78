import { type MaskRaster, PAINT } from './maskCanvas';

/*
 * A PNG written by hand (8-bit greyscale, opaque), not by a canvas: a canvas's readback
 * can be noised or refused by privacy settings, and jsdom has none. The pixel data is
 * compressed with the browser's CompressionStream ("deflate" is the zlib format PNG
 * wants); where that is missing, it is stored uncompressed (a 1024 × 1024 mask is then
 * about 1 MB, still well under the upload limit).
 */

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

/** The mask as a `data:image/png;base64,…` URL, white = repaint, black = keep. */
export async function encodeMaskPng(
  raster: MaskRaster,
  { compress = typeof CompressionStream === 'function' } = {},
): Promise<string> {
  const { width, height, data } = raster;
  // Each row starts with its filter type (0: none); the mask's long runs compress well as is.
  const rows = new Uint8Array((width + 1) * height);
  for (let y = 0; y < height; y++) {
    const start = y * (width + 1);
    for (let x = 0; x < width; x++) rows[start + 1 + x] = data[y * width + x] === PAINT ? 255 : 0;
  }
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 0, 0, 0, 0], 8); // depth 8, greyscale, deflate, no filter set, no interlace
  // A browser whose CompressionStream fails still gets its mask, only larger.
  const pixels = compress ? await deflate(rows).catch(() => storedZlib(rows)) : storedZlib(rows);
  const png = concat([
    Uint8Array.from(SIGNATURE),
    chunk('IHDR', header),
    chunk('IDAT', pixels),
    chunk('IEND', new Uint8Array(0)),
  ]);
  return `data:image/png;base64,${toBase64(png)}`;
}

async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new CompressionStream('deflate');
  const writer = stream.writable.getWriter();
  // Written and closed without waiting: the writes only settle as the output is read.
  void writer.write(bytes as Uint8Array<ArrayBuffer>);
  void writer.close();
  const parts: Uint8Array[] = [];
  const reader = stream.readable.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    parts.push(read.value);
  }
  return concat(parts);
}

/** A zlib stream of uncompressed ("stored") deflate blocks. */
function storedZlib(bytes: Uint8Array): Uint8Array {
  const blockSize = 0xffff;
  const blocks = Math.max(1, Math.ceil(bytes.length / blockSize));
  const out = new Uint8Array(2 + blocks * 5 + bytes.length + 4);
  out[0] = 0x78;
  out[1] = 0x01;
  let at = 2;
  for (let i = 0; i < blocks; i++) {
    const part = bytes.subarray(i * blockSize, (i + 1) * blockSize);
    out[at] = i === blocks - 1 ? 1 : 0;
    out[at + 1] = part.length & 0xff;
    out[at + 2] = part.length >> 8;
    out[at + 3] = ~part.length & 0xff;
    out[at + 4] = (~part.length >> 8) & 0xff;
    out.set(part, at + 5);
    at += 5 + part.length;
  }
  new DataView(out.buffer).setUint32(at, adler32(bytes));
  return out;
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < bytes.length; i++) {
    a = (a + (bytes[i] ?? 0)) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

let crcTable: Uint32Array | undefined;

function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++)
    crc = (crcTable[(crc ^ (bytes[i] ?? 0)) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, body.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(body, 8);
  view.setUint32(8 + body.length, crc32(out.subarray(4, 8 + body.length)));
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  // In slices: String.fromCharCode takes its arguments on the stack.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}
