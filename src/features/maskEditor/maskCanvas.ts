/*
 * The mask behind "Fix a part": what a person painted, as a list of operations, and the
 * binary picture the inpaint endpoint expects from it (docs/modelslab-api.md: `mask_image`,
 * white = repaint, black = keep, the picture's exact size).
 *
 * Why operations and not pixels: undo and redo are then a cursor over a list, the list
 * is small enough to keep with the generation (reopening the editor brings the strokes
 * back, still undoable), and the mask can be rebuilt at any size it is asked for.
 *
 * Why our own rasteriser and not a canvas: a canvas anti-aliases stroke edges into greys
 * that the API would read as "half repaint", its readback is blurred with noise by some
 * privacy settings, and jsdom has none, so the mask could not be tested. Here a pixel is
 * painted when its centre lies within the brush radius of the stroke: 0 or 255, nothing
 * between. Each segment only touches the pixels of its own small bounding box, so a live
 * stroke stays cheap on a 1024 × 1024 picture.
 */

/** A point in picture pixels: (0, 0) is the picture's top-left corner. */
export type MaskPoint = { x: number; y: number };

/** One step of the mask's history, replayed in order to rebuild it. */
export type MaskOp =
  | { kind: 'brush'; radius: number; points: MaskPoint[] }
  | { kind: 'eraser'; radius: number; points: MaskPoint[] }
  | { kind: 'clear' }
  | { kind: 'invert' };

/** One byte a pixel, row by row: 255 = repaint (white), 0 = keep (black). */
export type MaskRaster = { width: number; height: number; data: Uint8Array };

/** The pixels a change touched, for redrawing only those. */
export type DirtyRect = { x: number; y: number; width: number; height: number };

export const PAINT = 255;
export const KEEP = 0;

/** The smallest brush: below half a pixel, a click could land between pixel centres. */
export const MIN_RADIUS = 0.5;

export function createRaster(width: number, height: number): MaskRaster {
  return { width, height, data: new Uint8Array(width * height) };
}

/**
 * Sets every pixel whose centre is within `radius` of the segment a–b to `value` (a round
 * brush dragged along it: round ends, hard edges). Answers which pixels it may have
 * changed, or null when the segment lies wholly outside the picture.
 */
export function stampSegment(
  raster: MaskRaster,
  a: MaskPoint,
  b: MaskPoint,
  radius: number,
  value: number,
): DirtyRect | null {
  const r = Math.max(MIN_RADIUS, radius);
  // A long segment is cut into pieces no longer than the brush is wide, so each piece's
  // bounding box stays about the brush's size instead of a diagonal across the picture.
  const length = Math.hypot(b.x - a.x, b.y - a.y);
  const pieces = Math.max(1, Math.ceil(length / (2 * r)));
  let dirty: DirtyRect | null = null;
  for (let i = 0; i < pieces; i++) {
    const from = lerp(a, b, i / pieces);
    const to = lerp(a, b, (i + 1) / pieces);
    dirty = union(dirty, stampPiece(raster, from, to, r, value));
  }
  return dirty;
}

function lerp(a: MaskPoint, b: MaskPoint, t: number): MaskPoint {
  return { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t };
}

function stampPiece(
  raster: MaskRaster,
  a: MaskPoint,
  b: MaskPoint,
  r: number,
  value: number,
): DirtyRect | null {
  const { width, height, data } = raster;
  // Pixel (px, py) is the square [px, px+1) × [py, py+1); its centre decides.
  const left = Math.max(0, Math.floor(Math.min(a.x, b.x) - r - 0.5));
  const top = Math.max(0, Math.floor(Math.min(a.y, b.y) - r - 0.5));
  const right = Math.min(width - 1, Math.ceil(Math.max(a.x, b.x) + r - 0.5));
  const bottom = Math.min(height - 1, Math.ceil(Math.max(a.y, b.y) + r - 0.5));
  if (left > right || top > bottom) return null;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const lengthSquared = dx * dx + dy * dy;
  const rSquared = r * r;
  for (let py = top; py <= bottom; py++) {
    const cy = py + 0.5;
    const row = py * width;
    for (let px = left; px <= right; px++) {
      const cx = px + 0.5;
      // The nearest point of the segment to this pixel's centre.
      let t = lengthSquared === 0 ? 0 : ((cx - a.x) * dx + (cy - a.y) * dy) / lengthSquared;
      t = Math.min(1, Math.max(0, t));
      const ex = cx - (a.x + t * dx);
      const ey = cy - (a.y + t * dy);
      if (ex * ex + ey * ey <= rSquared) data[row + px] = value;
    }
  }
  return { x: left, y: top, width: right - left + 1, height: bottom - top + 1 };
}

function union(one: DirtyRect | null, other: DirtyRect | null): DirtyRect | null {
  if (!one) return other;
  if (!other) return one;
  const x = Math.min(one.x, other.x);
  const y = Math.min(one.y, other.y);
  return {
    x,
    y,
    width: Math.max(one.x + one.width, other.x + other.width) - x,
    height: Math.max(one.y + one.height, other.y + other.height) - y,
  };
}

/** Paints the stroke from `points[from - 1]` (or its first point) up to its last point. */
export function stampStroke(
  raster: MaskRaster,
  op: Extract<MaskOp, { kind: 'brush' | 'eraser' }>,
  from = 0,
): DirtyRect | null {
  const value = op.kind === 'brush' ? PAINT : KEEP;
  const { points, radius } = op;
  let dirty: DirtyRect | null = null;
  for (let i = Math.max(0, from); i < points.length; i++) {
    const point = points[i] as MaskPoint;
    const previous = points[i - 1] ?? point;
    dirty = union(dirty, stampSegment(raster, previous, point, radius, value));
  }
  return dirty;
}

/** Applies one operation to the raster in place. */
export function applyOp(raster: MaskRaster, op: MaskOp): void {
  switch (op.kind) {
    case 'brush':
    case 'eraser':
      stampStroke(raster, op);
      return;
    case 'clear':
      raster.data.fill(KEEP);
      return;
    case 'invert': {
      const { data } = raster;
      for (let i = 0; i < data.length; i++) data[i] = data[i] === PAINT ? KEEP : PAINT;
      return;
    }
  }
}

/** The mask the operations make, exactly `width` × `height`, every pixel 0 or 255. */
export function renderMask(ops: readonly MaskOp[], width: number, height: number): MaskRaster {
  const raster = createRaster(width, height);
  for (const op of ops) applyOp(raster, op);
  return raster;
}

/** The share of the picture that will be repainted, from 0 (none) to 1 (all of it). */
export function maskCoverage(raster: MaskRaster): number {
  const { data } = raster;
  if (data.length === 0) return 0;
  let painted = 0;
  for (let i = 0; i < data.length; i++) if (data[i] === PAINT) painted++;
  return painted / data.length;
}

/**
 * Writes the on-screen overlay for the pixels in `rect` into `rgba` (the picture's size):
 * `colour` where the mask repaints, transparent where it keeps.
 */
export function paintOverlay(
  raster: MaskRaster,
  rgba: Uint8ClampedArray,
  rect: DirtyRect,
  colour: readonly [number, number, number],
): void {
  const { width, data } = raster;
  const [red, green, blue] = colour;
  for (let y = rect.y; y < rect.y + rect.height; y++) {
    for (let x = rect.x; x < rect.x + rect.width; x++) {
      const i = y * width + x;
      const painted = data[i] === PAINT;
      rgba[i * 4] = painted ? red : 0;
      rgba[i * 4 + 1] = painted ? green : 0;
      rgba[i * 4 + 2] = painted ? blue : 0;
      rgba[i * 4 + 3] = painted ? 255 : 0;
    }
  }
}

/** The operations and a cursor: those before `done` make the mask, the rest can be redone. */
export type MaskHistory = { ops: readonly MaskOp[]; done: number };

export function createHistory(initialOps: readonly MaskOp[] = []): MaskHistory {
  return { ops: initialOps, done: initialOps.length };
}

/** Adds an operation; whatever had been undone can no longer be redone. */
export function pushOp(history: MaskHistory, op: MaskOp): MaskHistory {
  const ops = [...history.ops.slice(0, history.done), op];
  return { ops, done: ops.length };
}

export const canUndo = (history: MaskHistory): boolean => history.done > 0;
export const canRedo = (history: MaskHistory): boolean => history.done < history.ops.length;

export function undo(history: MaskHistory): MaskHistory {
  return canUndo(history) ? { ...history, done: history.done - 1 } : history;
}

export function redo(history: MaskHistory): MaskHistory {
  return canRedo(history) ? { ...history, done: history.done + 1 } : history;
}

/** The operations that make the mask now. */
export function currentOps(history: MaskHistory): MaskOp[] {
  return history.ops.slice(0, history.done);
}
