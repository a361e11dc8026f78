import { inflateSync } from 'node:zlib';

/**
 * Reads back an 8-bit greyscale PNG data URL with Node's zlib, as an independent check of
 * what the mask editor writes: its header and its pixels, one byte each.
 */
export function readGreyPng(dataUrl: string) {
  const bytes = Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64');
  const signature = [...bytes.subarray(0, 8)];
  let at = 8;
  let width = 0;
  let height = 0;
  let colourType = -1;
  let depth = -1;
  const idat: Buffer[] = [];
  while (at < bytes.length) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    const body = bytes.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      depth = body[8] ?? -1;
      colourType = body[9] ?? -1;
    }
    if (type === 'IDAT') idat.push(body);
    at += 12 + length;
  }
  const rows = inflateSync(Buffer.concat(idat));
  const pixels = new Uint8Array(width * height);
  const filters = new Set<number>();
  for (let y = 0; y < height; y++) {
    filters.add(rows[y * (width + 1)] ?? -1);
    pixels.set(rows.subarray(y * (width + 1) + 1, (y + 1) * (width + 1)), y * width);
  }
  return { signature, width, height, depth, colourType, filters: [...filters], pixels };
}
