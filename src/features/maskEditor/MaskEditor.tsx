import {
  type ComponentProps,
  type PointerEvent as ReactPointerEvent,
  useEffect,
  useId,
  useLayoutEffect,
  useReducer,
  useRef,
  useState,
} from 'react';
import { Button } from '../../ui/Button';
import { cn } from '../../ui/cn';
import {
  applyOp,
  canRedo,
  canUndo,
  createHistory,
  currentOps,
  type DirtyRect,
  type MaskHistory,
  type MaskOp,
  type MaskPoint,
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

/** What the editor hands back: the mask to upload, and the strokes to reopen it with. */
export type MaskResult = {
  /** `data:image/png;base64,…`, the picture's size, white = repaint, black = keep. */
  dataUrl: string;
  ops: MaskOp[];
  /** The share of the picture that will be repainted, 0 to 1. */
  coverage: number;
};

export type MaskEditorProps = {
  imageUrl: string;
  /** The picture's size in pixels: the mask is made exactly this size. */
  width: number;
  height: number;
  /** The strokes of an earlier mask of this picture, to go on from (still undoable). */
  initialOps?: MaskOp[];
  onDone: (mask: MaskResult) => void;
  onCancel: () => void;
};

type Tool = 'brush' | 'eraser' | 'move';
/** Zoom 1 is the whole picture fitted in the drawing area; x, y move it, in CSS pixels. */
type View = { zoom: number; x: number; y: number };
type StrokeOp = Extract<MaskOp, { kind: 'brush' | 'eraser' }>;

const FIT: View = { zoom: 1, x: 0, y: 0 };
const MAX_ZOOM = 8;
const ZOOM_STEP = 1.25;
/** indigo-600, shown at half opacity over the picture. */
const OVERLAY_COLOUR = [79, 70, 229] as const;

type MaskState = { history: MaskHistory; raster: MaskRaster; coverage: number };
type MaskAction =
  | { type: 'stroke'; op: StrokeOp; raster: MaskRaster }
  | { type: 'clear' | 'invert' | 'undo' | 'redo' };

function withHistory(history: MaskHistory, raster: MaskRaster): MaskState {
  return { history, raster, coverage: maskCoverage(raster) };
}

function maskReducer(state: MaskState, action: MaskAction): MaskState {
  const { width, height } = state.raster;
  switch (action.type) {
    case 'stroke':
      // The stroke was drawn into this raster as it went: no need to replay everything.
      return withHistory(pushOp(state.history, action.op), action.raster);
    case 'clear':
    case 'invert': {
      const raster = { width, height, data: state.raster.data.slice() };
      applyOp(raster, { kind: action.type });
      return withHistory(pushOp(state.history, { kind: action.type }), raster);
    }
    case 'undo':
    case 'redo': {
      const history = action.type === 'undo' ? undo(state.history) : redo(state.history);
      if (history === state.history) return state;
      return withHistory(history, renderMask(currentOps(history), width, height));
    }
  }
}

function initialState({
  initialOps,
  width,
  height,
}: Pick<MaskEditorProps, 'initialOps' | 'width' | 'height'>): MaskState {
  const history = createHistory(initialOps);
  return withHistory(history, renderMask(currentOps(history), width, height));
}

/** Brush sizes are diameters in picture pixels, scaled to the picture. */
function sizeLimits(width: number, height: number) {
  const longest = Math.max(width, height);
  const max = Math.max(16, Math.round(longest / 4));
  return { min: 2, max, start: Math.min(max, Math.max(8, Math.round(longest / 16))) };
}

/** The moves in progress on the drawing area. */
type Gesture =
  | { kind: 'draw'; pointerId: number; op: StrokeOp; raster: MaskRaster }
  | { kind: 'pan'; pointerId: number; fromX: number; fromY: number; view: View }
  | { kind: 'pinch'; ids: [number, number]; mid: Spot; distance: number; view: View };
type Spot = { x: number; y: number };

/** Keys typed into a field, or Space on a control, belong to that control. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement) return true;
  return (
    target instanceof HTMLInputElement && !['range', 'checkbox', 'radio'].includes(target.type)
  );
}

function usesSpace(target: EventTarget | null): boolean {
  return (
    isTyping(target) ||
    (target instanceof HTMLElement &&
      target.closest('button, a, input, select, textarea, summary') !== null)
  );
}

const clampZoom = (zoom: number) => Math.min(MAX_ZOOM, Math.max(1, zoom));

/**
 * The mask editor for "Fix a part": the picture with what will be repainted painted over
 * it, brush and eraser, undo and redo, zoom and pan, by mouse, pen, touch or keyboard.
 * The caller puts it in a modal and loads it on demand (React.lazy).
 */
export default function MaskEditor({
  imageUrl,
  width,
  height,
  initialOps,
  onDone,
  onCancel,
}: MaskEditorProps) {
  const headingId = useId();
  const sizeId = useId();
  const hintId = useId();
  const emptyReasonId = useId();

  const [state, dispatch] = useReducer(maskReducer, { initialOps, width, height }, initialState);
  const [tool, setTool] = useState<Tool>('brush');
  const limits = sizeLimits(width, height);
  const [size, setSize] = useState(limits.start);
  const [view, setView] = useState<View>(FIT);
  const [spaceHeld, setSpaceHeld] = useState(false);
  const [panning, setPanning] = useState(false);
  const [box, setBox] = useState({ width: 0, height: 0 });
  const [encoding, setEncoding] = useState(false);
  const [pictureFailed, setPictureFailed] = useState(false);

  const editor = useRef<HTMLElement>(null);
  const viewport = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const cursor = useRef<HTMLDivElement>(null);
  const overlay = useRef<{ ctx: CanvasRenderingContext2D; image: ImageData } | null>(null);
  const gesture = useRef<Gesture | null>(null);
  const pointers = useRef(new Map<number, Spot & { touch: boolean }>());

  // The overlay canvas holds the picture's pixels; CSS scales it with the picture.
  const drawOverlay = (raster: MaskRaster, rect?: DirtyRect | null) => {
    const element = canvas.current;
    if (!element) return;
    if (!overlay.current) {
      const ctx = element.getContext('2d');
      if (!ctx) return;
      overlay.current = { ctx, image: ctx.createImageData(width, height) };
    }
    const { ctx, image } = overlay.current;
    const area = rect ?? { x: 0, y: 0, width, height };
    if (area.width <= 0 || area.height <= 0) return;
    paintOverlay(raster, image.data, area, OVERLAY_COLOUR);
    ctx.putImageData(image, 0, 0, area.x, area.y, area.width, area.height);
  };
  const drawn = useRef(drawOverlay);
  drawn.current = drawOverlay;
  useEffect(() => {
    if (gesture.current?.kind !== 'draw') drawn.current(state.raster);
  }, [state.raster]);

  // Zoom 1 fits the whole picture in the drawing area, whatever the window's size.
  useLayoutEffect(() => {
    const element = viewport.current;
    if (!element) return;
    const measure = () => setBox({ width: element.clientWidth, height: element.clientHeight });
    measure();
    if (typeof ResizeObserver !== 'function') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const fit =
    box.width > 0 && box.height > 0 ? Math.min(box.width / width, box.height / height) : 0;

  /** Keeps some of the picture under the middle of the drawing area. */
  const clampView = (next: View): View => {
    const limitX = fit ? (width * fit * next.zoom) / 2 : 0;
    const limitY = fit ? (height * fit * next.zoom) / 2 : 0;
    return {
      zoom: next.zoom,
      x: Math.min(limitX, Math.max(-limitX, next.x)),
      y: Math.min(limitY, Math.max(-limitY, next.y)),
    };
  };

  /** Zooms keeping the point `at` (client coordinates; the middle by default) in place. */
  const zoomTo = (from: View, zoom: number, at?: Spot): View => {
    const next = clampZoom(zoom);
    const rect = viewport.current?.getBoundingClientRect();
    const sx = at && rect ? at.x - (rect.left + rect.width / 2) : 0;
    const sy = at && rect ? at.y - (rect.top + rect.height / 2) : 0;
    const ratio = next / from.zoom;
    return clampView({ zoom: next, x: sx - (sx - from.x) * ratio, y: sy - (sy - from.y) * ratio });
  };

  const zoomBy = (factor: number) => setView((current) => zoomTo(current, current.zoom * factor));

  /** Screen to picture pixels, through whatever zoom, pan and CSS size apply now. */
  const toPicture = (clientX: number, clientY: number): MaskPoint | null => {
    const rect = canvas.current?.getBoundingClientRect();
    if (!rect || rect.width === 0 || rect.height === 0) return null;
    const x = ((clientX - rect.left) * width) / rect.width;
    const y = ((clientY - rect.top) * height) / rect.height;
    // A tenth of a pixel is finer than any brush edge, and keeps the saved strokes short.
    return { x: Math.round(x * 10) / 10, y: Math.round(y * 10) / 10 };
  };

  const showCursor = (event: ReactPointerEvent) => {
    const element = cursor.current;
    const rect = canvas.current?.getBoundingClientRect();
    const area = viewport.current?.getBoundingClientRect();
    if (!element || !rect || !area) return;
    const painting = tool !== 'move' && !spaceHeld && event.pointerType !== 'touch';
    element.hidden = !painting || gesture.current?.kind === 'pan';
    const diameter = (size * rect.width) / width;
    element.style.width = `${diameter}px`;
    element.style.height = `${diameter}px`;
    element.style.left = `${event.clientX - area.left - diameter / 2}px`;
    element.style.top = `${event.clientY - area.top - diameter / 2}px`;
  };

  const startPinch = () => {
    const touches = [...pointers.current].filter(([, spot]) => spot.touch);
    const [first, second] = touches;
    if (!first || !second) return;
    if (gesture.current?.kind === 'draw') drawOverlay(state.raster); // two fingers: not a stroke
    gesture.current = {
      kind: 'pinch',
      ids: [first[0], second[0]],
      mid: { x: (first[1].x + second[1].x) / 2, y: (first[1].y + second[1].y) / 2 },
      distance: Math.hypot(first[1].x - second[1].x, first[1].y - second[1].y) || 1,
      view,
    };
    setPanning(true);
  };

  const onPointerDown = (event: ReactPointerEvent<HTMLDivElement>) => {
    if (event.pointerType === 'mouse' && event.button !== 0 && event.button !== 1) return;
    const touch = event.pointerType === 'touch';
    pointers.current.set(event.pointerId, { x: event.clientX, y: event.clientY, touch });
    event.currentTarget.setPointerCapture?.(event.pointerId);
    // The middle button would start the browser's autoscroll.
    event.preventDefault();
    // Which also keeps the focus where it was: the keys (Space to move) go to the editor.
    editor.current?.focus({ preventScroll: true });
    if (touch && [...pointers.current.values()].filter((spot) => spot.touch).length === 2) {
      startPinch();
      return;
    }
    if (gesture.current) return;
    if (event.button === 1 || spaceHeld || tool === 'move') {
      gesture.current = {
        kind: 'pan',
        pointerId: event.pointerId,
        fromX: event.clientX,
        fromY: event.clientY,
        view,
      };
      setPanning(true);
      return;
    }
    const point = toPicture(event.clientX, event.clientY);
    if (!point) return;
    const op: StrokeOp = { kind: tool, radius: size / 2, points: [point] };
    const raster = { width, height, data: state.raster.data.slice() };
    gesture.current = { kind: 'draw', pointerId: event.pointerId, op, raster };
    drawOverlay(raster, stampStroke(raster, op));
  };

  const onPointerMove = (event: ReactPointerEvent<HTMLDivElement>) => {
    showCursor(event);
    const spot = pointers.current.get(event.pointerId);
    if (spot) {
      spot.x = event.clientX;
      spot.y = event.clientY;
    }
    const current = gesture.current;
    if (!current) return;
    if (current.kind === 'draw' && current.pointerId === event.pointerId) {
      // A fast pen reports several positions per frame; all of them make a smoother line.
      const native = event.nativeEvent;
      const events =
        typeof native.getCoalescedEvents === 'function' ? native.getCoalescedEvents() : [];
      const from = current.op.points.length;
      for (const each of events.length > 0 ? events : [native]) {
        const point = toPicture(each.clientX, each.clientY);
        const last = current.op.points.at(-1);
        if (point && (!last || Math.hypot(point.x - last.x, point.y - last.y) >= 0.5)) {
          current.op.points.push(point);
        }
      }
      if (current.op.points.length > from) {
        drawOverlay(current.raster, stampStroke(current.raster, current.op, from));
      }
    } else if (current.kind === 'pan' && current.pointerId === event.pointerId) {
      setView(
        clampView({
          zoom: current.view.zoom,
          x: current.view.x + event.clientX - current.fromX,
          y: current.view.y + event.clientY - current.fromY,
        }),
      );
    } else if (current.kind === 'pinch') {
      const [a, b] = current.ids.map((id) => pointers.current.get(id));
      if (!a || !b) return;
      const mid = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
      const zoomed = zoomTo(
        current.view,
        (current.view.zoom * Math.hypot(a.x - b.x, a.y - b.y)) / current.distance,
        current.mid,
      );
      setView(
        clampView({
          zoom: zoomed.zoom,
          x: zoomed.x + mid.x - current.mid.x,
          y: zoomed.y + mid.y - current.mid.y,
        }),
      );
    }
  };

  const endPointer = (event: ReactPointerEvent<HTMLDivElement>, finished: boolean) => {
    pointers.current.delete(event.pointerId);
    const current = gesture.current;
    if (!current) return;
    const own = current.kind === 'pinch' || current.pointerId === event.pointerId;
    if (!own) return;
    gesture.current = null;
    setPanning(false);
    if (current.kind === 'draw') {
      if (finished) dispatch({ type: 'stroke', op: current.op, raster: current.raster });
      else drawOverlay(state.raster);
    }
  };

  // Ctrl+wheel (and a trackpad's pinch, which browsers send as one) zooms at the pointer;
  // a plain wheel moves a zoomed picture. Listened to directly: React's wheel listener is
  // passive and could not keep the page from zooming or scrolling.
  const onWheel = useRef<(event: WheelEvent) => void>(() => undefined);
  onWheel.current = (event) => {
    if (event.ctrlKey || event.metaKey) {
      event.preventDefault();
      const factor = Math.exp(-event.deltaY / 300);
      setView((current) =>
        zoomTo(current, current.zoom * factor, { x: event.clientX, y: event.clientY }),
      );
    } else if (view.zoom > 1) {
      event.preventDefault();
      setView((current) =>
        clampView({ ...current, x: current.x - event.deltaX, y: current.y - event.deltaY }),
      );
    }
  };
  useEffect(() => {
    const element = viewport.current;
    if (!element) return;
    const listener = (event: WheelEvent) => onWheel.current(event);
    element.addEventListener('wheel', listener, { passive: false });
    return () => element.removeEventListener('wheel', listener);
  }, []);

  const resize = (grow: boolean) =>
    setSize((current) => {
      const step = Math.max(1, Math.round(current * 0.2));
      return Math.min(limits.max, Math.max(limits.min, current + (grow ? step : -step)));
    });

  const onKey = useRef<(event: KeyboardEvent) => void>(() => undefined);
  onKey.current = (event) => {
    if (event.defaultPrevented || event.altKey || isTyping(event.target)) return;
    const key = event.key.toLowerCase();
    if (event.ctrlKey || event.metaKey) {
      if (key === 'z') dispatch({ type: event.shiftKey ? 'redo' : 'undo' });
      else if (key === 'y') dispatch({ type: 'redo' });
      else return;
      event.preventDefault();
      return;
    }
    const actions: Record<string, () => void> = {
      b: () => setTool('brush'),
      e: () => setTool('eraser'),
      '[': () => resize(false),
      ']': () => resize(true),
      i: () => dispatch({ type: 'invert' }),
      '0': () => setView(FIT),
      '+': () => zoomBy(ZOOM_STEP),
      '=': () => zoomBy(ZOOM_STEP),
      '-': () => zoomBy(1 / ZOOM_STEP),
    };
    const action = actions[key];
    if (action) {
      event.preventDefault();
      action();
    } else if (key === ' ' && !usesSpace(event.target)) {
      event.preventDefault(); // not a page scroll
      if (!event.repeat) setSpaceHeld(true);
    }
  };
  useEffect(() => {
    const down = (event: KeyboardEvent) => onKey.current(event);
    const up = (event: KeyboardEvent) => {
      if (event.key === ' ') setSpaceHeld(false);
    };
    const blur = () => setSpaceHeld(false);
    document.addEventListener('keydown', down);
    document.addEventListener('keyup', up);
    window.addEventListener('blur', blur);
    return () => {
      document.removeEventListener('keydown', down);
      document.removeEventListener('keyup', up);
      window.removeEventListener('blur', blur);
    };
  }, []);

  const finish = async () => {
    setEncoding(true);
    try {
      const dataUrl = await encodeMaskPng(state.raster);
      onDone({ dataUrl, ops: currentOps(state.history), coverage: state.coverage });
    } finally {
      setEncoding(false);
    }
  };

  const empty = state.coverage === 0;
  const stage = fit
    ? { width: width * fit, height: height * fit }
    : { width: '100%', aspectRatio: `${width} / ${height}` };
  const moving = tool === 'move' || spaceHeld;

  return (
    <section
      ref={editor}
      aria-labelledby={headingId}
      // Focusable, so a click on the picture keeps the keyboard in the editor.
      tabIndex={-1}
      className="flex h-full min-h-0 flex-col gap-3 bg-surface p-4 text-slate-900 outline-none"
    >
      <h2 id={headingId} className="text-lg font-semibold">
        Paint the part to change
      </h2>

      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <fieldset className="flex gap-1">
          <legend className="sr-only">Tool</legend>
          {(
            [
              ['brush', 'Brush', 'B'],
              ['eraser', 'Eraser', 'E'],
              ['move', 'Move', undefined],
            ] as const
          ).map(([value, label, key]) => (
            <ToggleButton
              key={value}
              pressed={tool === value}
              onClick={() => setTool(value)}
              title={key ? `${label} (${key})` : 'Move the picture by dragging it'}
            >
              {label}
            </ToggleButton>
          ))}
        </fieldset>

        <div className="flex items-center gap-2">
          <label htmlFor={sizeId} className="text-sm font-medium text-slate-800">
            Brush size
          </label>
          <input
            id={sizeId}
            type="range"
            min={limits.min}
            max={limits.max}
            value={size}
            aria-valuetext={`${size} pixels`}
            onChange={(event) => setSize(Number(event.target.value))}
            className="w-32 accent-indigo-600"
          />
          <output htmlFor={sizeId} className="w-14 text-sm tabular-nums text-slate-700">
            {size} px
          </output>
        </div>

        <div className="flex flex-wrap gap-1">
          <Button
            size="sm"
            disabled={!canUndo(state.history)}
            onClick={() => dispatch({ type: 'undo' })}
            title="Undo (Ctrl+Z)"
          >
            Undo
          </Button>
          <Button
            size="sm"
            disabled={!canRedo(state.history)}
            onClick={() => dispatch({ type: 'redo' })}
            title="Redo (Ctrl+Shift+Z)"
          >
            Redo
          </Button>
          <Button size="sm" disabled={empty} onClick={() => dispatch({ type: 'clear' })}>
            Clear
          </Button>
          <Button size="sm" onClick={() => dispatch({ type: 'invert' })} title="Invert (I)">
            Invert
          </Button>
        </div>

        <div className="flex items-center gap-1">
          <Button
            size="sm"
            disabled={view.zoom >= MAX_ZOOM}
            onClick={() => zoomBy(ZOOM_STEP)}
            title="Zoom in (+)"
          >
            Zoom in
          </Button>
          <Button
            size="sm"
            disabled={view.zoom <= 1}
            onClick={() => zoomBy(1 / ZOOM_STEP)}
            title="Zoom out (−)"
          >
            Zoom out
          </Button>
          <Button size="sm" onClick={() => setView(FIT)} title="Show the whole picture (0)">
            Fit
          </Button>
          <span className="w-12 text-right text-sm tabular-nums text-slate-600">
            {Math.round(view.zoom * 100)}%
          </span>
        </div>
      </div>

      {/* biome-ignore lint/a11y/noStaticElementInteractions: painting is for a pointer; the keyboard has the buttons and keys above and below (Clear, Invert, Undo…). */}
      <div
        ref={viewport}
        className={cn(
          'relative min-h-64 flex-1 touch-none select-none overflow-hidden rounded-md bg-slate-200',
          moving ? (panning ? 'cursor-grabbing' : 'cursor-grab') : 'cursor-crosshair',
        )}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={(event) => endPointer(event, true)}
        onPointerCancel={(event) => endPointer(event, false)}
        onPointerLeave={() => {
          if (cursor.current) cursor.current.hidden = true;
        }}
        onContextMenu={(event) => event.preventDefault()}
      >
        <div
          className="absolute top-1/2 left-1/2 origin-center"
          style={{
            ...stage,
            transform: `translate(-50%, -50%) translate(${view.x}px, ${view.y}px) scale(${view.zoom})`,
          }}
        >
          <img
            src={imageUrl}
            alt=""
            width={width}
            height={height}
            draggable={false}
            onError={() => setPictureFailed(true)}
            className="absolute inset-0 h-full w-full"
          />
          <canvas
            ref={canvas}
            width={width}
            height={height}
            role="img"
            aria-label="Drawing area: paint over the part of the picture to change"
            aria-describedby={hintId}
            className="absolute inset-0 h-full w-full opacity-50"
          />
        </div>
        <div
          ref={cursor}
          hidden
          aria-hidden="true"
          className="pointer-events-none absolute rounded-full border border-white shadow-[0_0_0_1px_black]"
        />
        {pictureFailed ? (
          <p className="absolute inset-x-0 top-2 mx-auto w-fit rounded bg-surface px-2 py-1 text-sm text-red-700">
            The picture did not load. You can still paint the mask.
          </p>
        ) : null}
      </div>

      <p id={hintId} className="text-xs text-slate-600">
        Drag over the part to change: it is repainted, the rest is kept.{' '}
        {/* Keys mean nothing on a touch screen: there the touch words are enough. */}
        <span className="pointer-coarse:hidden">
          Keys: B brush, E eraser, [ and ] size, Ctrl+Z undo, Ctrl+Shift+Z or Ctrl+Y redo, I invert,
          + and − zoom, 0 fit (⌘ for Ctrl on a Mac). Move a zoomed picture with the Move tool,
          Space+drag or the middle mouse button; Ctrl+wheel zooms.
        </span>
        <span className="hidden pointer-coarse:inline">
          Move a zoomed picture with the Move tool or two fingers; pinch to zoom.
        </span>
      </p>

      <div className="flex flex-wrap items-center justify-end gap-3">
        <p id={emptyReasonId} aria-live="polite" className="mr-auto text-sm text-slate-700">
          {empty
            ? 'Nothing painted yet: paint over the part to change first.'
            : state.coverage === 1
              ? 'All of the picture will be repainted.'
              : `${share(state.coverage)} of the picture will be repainted.`}
        </p>
        <Button onClick={onCancel}>Cancel</Button>
        <Button
          variant="primary"
          disabled={empty || encoding}
          aria-describedby={empty ? emptyReasonId : undefined}
          onClick={() => void finish()}
        >
          Use this mask
        </Button>
      </div>
    </section>
  );
}

/** A share in whole percents, never rounded to nothing or to all of it. */
function share(coverage: number): string {
  if (coverage < 0.01) return 'Less than 1%';
  if (coverage > 0.99) return 'Over 99%';
  return `${Math.round(coverage * 100)}%`;
}

/** One of a group of buttons of which one is on, the one on filled in. */
function ToggleButton({ pressed, ...props }: ComponentProps<'button'> & { pressed: boolean }) {
  return (
    <Button
      size="sm"
      variant={pressed ? 'primary' : 'secondary'}
      aria-pressed={pressed}
      {...props}
    />
  );
}

export { MaskEditor };
