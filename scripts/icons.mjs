// Draws the app's install icons (public/icon-192.png, icon-512.png, icon-maskable-512.png)
// from the same shapes as public/favicon.svg, in plain Node (zlib for the PNG's data), so
// they can be made again without a browser or an image tool: `node scripts/icons.mjs`.
// The PNGs are committed; run this only when the favicon's picture changes.

import { writeFileSync } from 'node:fs';
import { encodePng } from './png.mjs';

// public/favicon.svg, in its 32 × 32 units.
const INDIGO = [0x4f, 0x46, 0xe5];
const SUN = { x: 22, y: 10, r: 4, color: [0xfd, 0xe6, 0x8a] };
const HILLS = {
  points: [
    [3, 26],
    [11, 16],
    [17, 23],
    [21, 19],
    [29, 26],
  ],
  color: [0xe0, 0xe7, 0xff],
};
const CORNER = 7;

function insideRoundedSquare(x, y) {
  const cx = Math.min(Math.max(x, CORNER), 32 - CORNER);
  const cy = Math.min(Math.max(y, CORNER), 32 - CORNER);
  return x >= 0 && x <= 32 && y >= 0 && y <= 32 && (x - cx) ** 2 + (y - cy) ** 2 <= CORNER ** 2;
}

function insidePolygon(x, y, points) {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [xi, yi] = points[i];
    const [xj, yj] = points[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * The colour at a point of the 32-unit square, or undefined outside the icon. Maskable
 * icons fill the whole square (the system cuts its own shape) and keep the picture within
 * the middle 60 %, inside the circle every system's mask leaves.
 */
function colorAt(x, y, maskable) {
  if (!maskable && !insideRoundedSquare(x, y)) return undefined;
  const scale = maskable ? 0.6 : 1;
  const px = 16 + (x - 16) / scale;
  const py = 16 + (y - 16) / scale;
  if (insidePolygon(px, py, HILLS.points)) return HILLS.color;
  if ((px - SUN.x) ** 2 + (py - SUN.y) ** 2 <= SUN.r ** 2) return SUN.color;
  return INDIGO;
}

/** RGBA pixels, each the average of 4 × 4 samples (smooth edges). */
function draw(size, maskable) {
  const pixels = Buffer.alloc(size * size * 4);
  const samples = 4;
  for (let row = 0; row < size; row += 1) {
    for (let col = 0; col < size; col += 1) {
      let r = 0;
      let g = 0;
      let b = 0;
      let covered = 0;
      for (let sy = 0; sy < samples; sy += 1) {
        for (let sx = 0; sx < samples; sx += 1) {
          const x = ((col + (sx + 0.5) / samples) * 32) / size;
          const y = ((row + (sy + 0.5) / samples) * 32) / size;
          const color = colorAt(x, y, maskable);
          if (!color) continue;
          r += color[0];
          g += color[1];
          b += color[2];
          covered += 1;
        }
      }
      const at = (row * size + col) * 4;
      if (covered > 0) {
        pixels[at] = Math.round(r / covered);
        pixels[at + 1] = Math.round(g / covered);
        pixels[at + 2] = Math.round(b / covered);
      }
      pixels[at + 3] = Math.round((255 * covered) / samples ** 2);
    }
  }
  return pixels;
}

/** A truecolour-with-alpha PNG of `size`×`size`. */
export const png = (size, pixels) => encodePng(size, size, pixels, { alpha: true });

const icons = [
  ['icon-192.png', 192, false],
  ['icon-512.png', 512, false],
  ['icon-maskable-512.png', 512, true],
];
for (const [name, size, maskable] of icons) {
  writeFileSync(new URL(`../public/${name}`, import.meta.url), png(size, draw(size, maskable)));
  console.log(`public/${name}`);
}
