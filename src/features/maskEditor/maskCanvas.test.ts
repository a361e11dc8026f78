import { describe, expect, test, vi } from 'vitest';
import { readGreyPng } from '../../test/readGreyPng';
import {
  canRedo,
  canUndo,
  createHistory,
  currentOps,
  type MaskOp,
  type MaskRaster,
  maskCoverage,
  paintOverlay,
  pushOp,
  redo,
  renderMask,
  stampStroke,
  undo,
} from './maskCanvas';
import { encodeMaskPng } from './maskPng';

const at = (raster: MaskRaster, x: number, y: number) => raster.data[y * raster.width + x];
const distinct = (raster: MaskRaster) => [...new Set(raster.data)].sort((a, b) => a - b);

const dot = (x: number, y: number, radius = 5): MaskOp => ({
  kind: 'brush',
  radius,
  points: [{ x, y }],
});

describe('renderMask', () => {
  test('is exactly the picture size, even an odd one, and starts all black', () => {
    const mask = renderMask([], 513, 771);
    expect(mask.width).toBe(513);
    expect(mask.height).toBe(771);
    expect(mask.data).toHaveLength(513 * 771);
    expect(distinct(mask)).toEqual([0]);
    expect(maskCoverage(mask)).toBe(0);
  });

  test('a brush dot paints its centre white and leaves far pixels black, nothing grey', () => {
    const mask = renderMask([dot(50.5, 40.5, 10)], 100, 80);
    expect(at(mask, 50, 40)).toBe(255);
    expect(at(mask, 59, 40)).toBe(255); // 9 px away, inside the radius
    expect(at(mask, 61, 40)).toBe(0); // 11 px away, outside
    expect(at(mask, 0, 0)).toBe(0);
    expect(at(mask, 99, 79)).toBe(0);
    expect(distinct(mask)).toEqual([0, 255]);
    // A disc of radius 10: about π·10² pixels.
    const painted = mask.data.filter((v) => v === 255).length;
    expect(painted).toBeGreaterThan(300);
    expect(painted).toBeLessThan(330);
  });

  test('a stroke paints along its whole path, not only at its points', () => {
    const stroke: MaskOp = {
      kind: 'brush',
      radius: 2,
      points: [
        { x: 10, y: 10 },
        { x: 90, y: 10 },
        { x: 90, y: 70 },
      ],
    };
    const mask = renderMask([stroke], 100, 80);
    for (const x of [10, 30, 50, 70, 89]) expect(at(mask, x, 9)).toBe(255);
    for (const y of [20, 40, 69]) expect(at(mask, 89, y)).toBe(255);
    expect(at(mask, 50, 40)).toBe(0);
    expect(at(mask, 50, 14)).toBe(0);
  });

  test('a one-pixel brush still paints the pixel it lands on', () => {
    const mask = renderMask([dot(3.2, 4.7, 0.1)], 8, 8);
    expect(at(mask, 3, 4)).toBe(255);
    expect(maskCoverage(mask)).toBe(1 / 64);
  });

  test('strokes partly or wholly outside the picture are clipped, not wrapped', () => {
    const mask = renderMask([dot(-3, 5, 4), dot(500, 500, 4)], 10, 10);
    expect(at(mask, 0, 5)).toBe(255);
    expect(at(mask, 9, 4)).toBe(0); // not wrapped onto the row above
    expect(mask.data).toHaveLength(100);
  });

  test('the eraser clears what the brush painted, only where it passes', () => {
    const mask = renderMask(
      [
        { kind: 'brush', radius: 20, points: [{ x: 50, y: 50 }] },
        { kind: 'eraser', radius: 5, points: [{ x: 50.5, y: 50.5 }] },
      ],
      100,
      100,
    );
    expect(at(mask, 50, 50)).toBe(0);
    expect(at(mask, 50, 62)).toBe(255);
  });

  test('invert flips every pixel; clear empties the mask', () => {
    const painted = renderMask([dot(5, 5, 2)], 10, 10);
    const inverted = renderMask([dot(5, 5, 2), { kind: 'invert' }], 10, 10);
    for (let i = 0; i < 100; i++) expect(inverted.data[i]).toBe(255 - (painted.data[i] ?? 0));
    expect(maskCoverage(renderMask([{ kind: 'invert' }], 7, 3))).toBe(1);
    expect(maskCoverage(renderMask([dot(5, 5, 2), { kind: 'clear' }], 10, 10))).toBe(0);
    expect(maskCoverage(renderMask([{ kind: 'clear' }, { kind: 'invert' }], 10, 10))).toBe(1);
  });

  test('drawing a stroke point by point gives the same mask as replaying it', () => {
    const stroke = {
      kind: 'brush' as const,
      radius: 6,
      points: [
        { x: 3, y: 4 },
        { x: 40, y: 17 },
        { x: 22, y: 60 },
      ],
    };
    const live = renderMask([], 64, 64);
    for (let i = 0; i < stroke.points.length; i++) stampStroke(live, stroke, i);
    expect(live.data).toEqual(renderMask([stroke], 64, 64).data);
  });

  test('a long stroke over a 1024 × 1024 picture is quick', () => {
    const points = Array.from({ length: 400 }, (_, i) => ({
      x: 512 + 400 * Math.cos(i / 20),
      y: 512 + 400 * Math.sin(i / 31),
    }));
    const started = performance.now();
    const mask = renderMask([{ kind: 'brush', radius: 40, points }], 1024, 1024);
    expect(performance.now() - started).toBeLessThan(1500);
    expect(maskCoverage(mask)).toBeGreaterThan(0.1);
  });
});

test('the overlay colours painted pixels and leaves the rest transparent', () => {
  const raster = renderMask([dot(0.5, 0.5, 0.5)], 2, 1);
  const rgba = new Uint8ClampedArray(8).fill(9);
  paintOverlay(raster, rgba, { x: 0, y: 0, width: 2, height: 1 }, [79, 70, 229]);
  expect([...rgba]).toEqual([79, 70, 229, 255, 0, 0, 0, 0]);
});

describe('history', () => {
  const a = dot(1, 1);
  const b = dot(2, 2);
  const c = dot(3, 3);

  test('undo and redo move through the operations', () => {
    let history = pushOp(pushOp(createHistory(), a), b);
    expect(currentOps(history)).toEqual([a, b]);
    expect(canRedo(history)).toBe(false);
    history = undo(history);
    expect(currentOps(history)).toEqual([a]);
    expect(canRedo(history)).toBe(true);
    history = undo(undo(history));
    expect(currentOps(history)).toEqual([]);
    expect(canUndo(history)).toBe(false);
    history = redo(redo(redo(history)));
    expect(currentOps(history)).toEqual([a, b]);
  });

  test('a new operation after an undo drops what could have been redone', () => {
    const history = pushOp(undo(pushOp(pushOp(createHistory(), a), b)), c);
    expect(currentOps(history)).toEqual([a, c]);
    expect(canRedo(history)).toBe(false);
  });

  test('operations brought back from before can be undone', () => {
    const history = createHistory([a, b]);
    expect(currentOps(history)).toEqual([a, b]);
    expect(currentOps(undo(history))).toEqual([a]);
  });

  test('undo and redo restore the mask, invert and clear included', () => {
    const size = [20, 20] as const;
    let history = pushOp(createHistory(), dot(10, 10, 3));
    const painted = renderMask(currentOps(history), ...size);
    history = pushOp(history, { kind: 'invert' });
    const inverted = renderMask(currentOps(history), ...size);
    history = pushOp(history, { kind: 'clear' });
    expect(maskCoverage(renderMask(currentOps(history), ...size))).toBe(0);
    history = undo(history);
    expect(renderMask(currentOps(history), ...size).data).toEqual(inverted.data);
    history = undo(history);
    expect(renderMask(currentOps(history), ...size).data).toEqual(painted.data);
    history = redo(history);
    expect(renderMask(currentOps(history), ...size).data).toEqual(inverted.data);
  });
});

describe('encodeMaskPng', () => {
  test.each([
    ['compressed', true],
    ['stored', false],
  ])(
    'writes a %s PNG of the mask: its size, white to repaint, black to keep',
    async (_, compress) => {
      const mask = renderMask([dot(100, 50, 30)], 513, 771);
      const url = await encodeMaskPng(mask, { compress });
      expect(url).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
      const png = readGreyPng(url);
      expect(png.signature).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
      expect(png).toMatchObject({ width: 513, height: 771, depth: 8, colourType: 0, filters: [0] });
      // Compared as buffers: element by element, expect is slow on 400 000 pixels.
      expect(Buffer.from(png.pixels).equals(Buffer.from(mask.data))).toBe(true);
      expect(png.pixels[50 * 513 + 100]).toBe(255);
      expect(png.pixels[700 * 513 + 500]).toBe(0);
    },
  );

  test('still writes the mask where the browser cannot compress', async () => {
    vi.stubGlobal(
      'CompressionStream',
      class {
        constructor() {
          throw new TypeError('not here');
        }
      },
    );
    try {
      const mask = renderMask([dot(3, 3, 2)], 9, 5);
      const png = readGreyPng(await encodeMaskPng(mask));
      expect(png).toMatchObject({ width: 9, height: 5 });
      expect(Buffer.from(png.pixels).equals(Buffer.from(mask.data))).toBe(true);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
