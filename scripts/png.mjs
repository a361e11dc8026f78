// One PNG writer for the scripts and tests that make pictures in plain Node: the install
// icons (scripts/icons.mjs), the benchmark's thumbnails and the browser tests' uploads.
import { crc32, deflateSync } from 'node:zlib';

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A PNG of `width`×`height` from `pixels`, row after row, 3 bytes a pixel (RGB) or 4
 * (RGBA, `alpha`); each row unfiltered.
 */
export function encodePng(width, height, pixels, { alpha = false } = {}) {
  const channels = alpha ? 4 : 3;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, alpha ? 6 : 2, 0, 0, 0], 8);
  const stride = width * channels;
  const rows = Buffer.alloc(height * (stride + 1));
  for (let row = 0; row < height; row += 1) {
    Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength).copy(
      rows,
      row * (stride + 1) + 1,
      row * stride,
      (row + 1) * stride,
    );
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
