import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, expect, test, vi } from 'vitest';
import { readGreyPng } from '../../test/readGreyPng';
import MaskEditor, { type MaskEditorProps, type MaskResult } from './MaskEditor';

// A 400 × 200 picture shown at half size, 10 px from the left and 20 px from the top.
const WIDTH = 400;
const HEIGHT = 200;
let shownAt = { left: 10, top: 20, width: 200, height: 100 };
let overlay: ImageData | undefined;

beforeEach(() => {
  shownAt = { left: 10, top: 20, width: 200, height: 100 };
  overlay = undefined;
  // jsdom has no layout and no 2D canvas: the picture's place on screen and the overlay's
  // pixels are given here, the rest of the editor runs as in a browser.
  vi.spyOn(HTMLCanvasElement.prototype, 'getBoundingClientRect').mockImplementation(() =>
    DOMRect.fromRect({ x: shownAt.left, y: shownAt.top, ...shownAt }),
  );
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation((() => ({
    createImageData: (width: number, height: number) => {
      overlay = { width, height, data: new Uint8ClampedArray(width * height * 4) } as ImageData;
      return overlay;
    },
    putImageData: () => undefined,
  })) as unknown as HTMLCanvasElement['getContext']);
});

function renderEditor(props: Partial<MaskEditorProps> = {}) {
  const onDone = vi.fn<(mask: MaskResult) => void>();
  const onCancel = vi.fn();
  render(
    <MaskEditor
      imageUrl="https://pictures.example.test/cat.png"
      width={WIDTH}
      height={HEIGHT}
      onDone={onDone}
      onCancel={onCancel}
      {...props}
    />,
  );
  return { onDone, onCancel, user: userEvent.setup() };
}

const drawingArea = () =>
  screen.getByRole('img', { name: 'Drawing area: paint over the part of the picture to change' });
const button = (name: string) => screen.getByRole('button', { name });

/** A drag on the drawing area through these client coordinates. */
function drag(
  points: Array<[number, number]>,
  { pointerId = 1, pointerType = 'mouse', button = 0 } = {},
) {
  const area = drawingArea();
  const at = ([clientX, clientY]: [number, number]) => ({
    pointerId,
    pointerType,
    button,
    clientX,
    clientY,
  });
  const [first, ...rest] = points;
  if (!first) return;
  fireEvent.pointerDown(area, at(first));
  for (const point of rest) fireEvent.pointerMove(area, at(point));
  fireEvent.pointerUp(area, at(points.at(-1) ?? first));
}

const overlayAlpha = (x: number, y: number) => overlay?.data[(y * WIDTH + x) * 4 + 3];

test('every control is there, named, and nothing can be used before something is painted', () => {
  renderEditor();
  expect(screen.getByRole('heading', { name: 'Paint the part to change' })).toBeVisible();
  expect(drawingArea()).toHaveAccessibleDescription(
    /Drag over the part to change: it is repainted, the rest is kept\. Keys: B brush, E eraser/,
  );
  expect(button('Brush')).toHaveAttribute('aria-pressed', 'true');
  expect(button('Eraser')).toHaveAttribute('aria-pressed', 'false');
  expect(button('Move')).toHaveAttribute('aria-pressed', 'false');
  expect(screen.getByRole('slider', { name: 'Brush size' })).toHaveValue('25');
  expect(screen.getByText('25 px')).toBeVisible();
  for (const name of ['Undo', 'Redo', 'Clear', 'Zoom out']) expect(button(name)).toBeDisabled();
  for (const name of ['Invert', 'Zoom in', 'Fit', 'Cancel']) expect(button(name)).toBeEnabled();
  expect(button('Use this mask')).toBeDisabled();
  expect(button('Use this mask')).toHaveAccessibleDescription(
    'Nothing painted yet: paint over the part to change first.',
  );
});

test('a stroke drawn with the pointer is painted where it was drawn, in picture pixels', async () => {
  const { onDone, user } = renderEditor();
  // Client (60, 45) is (50, 25) into the half-size picture: picture pixel (100, 50).
  drag([
    [60, 45],
    [85, 45],
    [110, 45],
  ]);
  expect(overlayAlpha(150, 50)).toBe(255);
  expect(overlayAlpha(150, 150)).toBe(0);
  expect(button('Undo')).toBeEnabled();
  expect(button('Use this mask')).toBeEnabled();
  expect(screen.getByText('4% of the picture will be repainted.')).toBeVisible();

  await user.click(button('Use this mask'));
  await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
  const mask = onDone.mock.calls[0]?.[0] as MaskResult;
  expect(mask.ops).toEqual([
    {
      kind: 'brush',
      radius: 12.5,
      points: [
        { x: 100, y: 50 },
        { x: 150, y: 50 },
        { x: 200, y: 50 },
      ],
    },
  ]);
  const png = readGreyPng(mask.dataUrl);
  expect(png).toMatchObject({ width: WIDTH, height: HEIGHT, depth: 8, colourType: 0 });
  expect(png.pixels[50 * WIDTH + 100]).toBe(255);
  expect(png.pixels[50 * WIDTH + 200]).toBe(255);
  expect(png.pixels[50 * WIDTH + 220]).toBe(0);
  expect(png.pixels[100 * WIDTH + 150]).toBe(0);
  const white = png.pixels.filter((v) => v === 255).length;
  expect(white + png.pixels.filter((v) => v === 0).length).toBe(WIDTH * HEIGHT);
  expect(mask.coverage).toBe(white / (WIDTH * HEIGHT));
});

test('the point lands right at any zoom and on-screen size', async () => {
  const { onDone, user } = renderEditor();
  await user.click(button('Zoom in'));
  await user.click(button('Zoom in'));
  expect(screen.getByText('156%')).toBeVisible();
  // Zoomed in and moved: the browser reports the canvas 4 times larger than the picture.
  shownAt = { left: -300, top: -100, width: 1600, height: 800 };
  drag([[500, 300]]);
  await user.click(button('Use this mask'));
  await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
  expect(onDone.mock.calls[0]?.[0].ops).toEqual([
    { kind: 'brush', radius: 12.5, points: [{ x: 200, y: 100 }] },
  ]);
});

test('undo, redo and clear, with the buttons and the keys', async () => {
  const { user } = renderEditor();
  drag([[60, 45]]);
  const painted = 'Less than 1% of the picture will be repainted.';
  expect(screen.getByText(painted)).toBeVisible();

  await user.click(button('Undo'));
  expect(button('Use this mask')).toBeDisabled();
  expect(button('Redo')).toBeEnabled();
  await user.click(button('Redo'));
  expect(screen.getByText(painted)).toBeVisible();

  await user.keyboard('{Control>}z{/Control}');
  expect(button('Use this mask')).toBeDisabled();
  await user.keyboard('{Control>}{Shift>}z{/Shift}{/Control}');
  expect(button('Use this mask')).toBeEnabled();
  await user.keyboard('{Meta>}z{/Meta}');
  expect(button('Use this mask')).toBeDisabled();
  await user.keyboard('{Control>}y{/Control}');
  expect(button('Use this mask')).toBeEnabled();

  await user.click(button('Clear'));
  expect(button('Use this mask')).toBeDisabled();
  expect(button('Clear')).toBeDisabled();
  expect(overlayAlpha(100, 50)).toBe(0);
  await user.click(button('Undo'));
  expect(screen.getByText(painted)).toBeVisible();
  expect(overlayAlpha(100, 50)).toBe(255);

  // A new stroke after an undo: what was undone cannot come back.
  await user.click(button('Undo'));
  drag([[100, 90]]);
  expect(button('Redo')).toBeDisabled();
});

test('Invert on an empty mask repaints the whole picture, and can be undone', async () => {
  const { onDone, user } = renderEditor();
  await user.click(button('Invert'));
  expect(screen.getByText('All of the picture will be repainted.')).toBeVisible();
  await user.click(button('Use this mask'));
  await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
  const mask = onDone.mock.calls[0]?.[0] as MaskResult;
  expect(mask.coverage).toBe(1);
  expect(mask.ops).toEqual([{ kind: 'invert' }]);
  expect(readGreyPng(mask.dataUrl).pixels.every((v) => v === 255)).toBe(true);

  await user.keyboard('{Control>}z{/Control}');
  expect(
    screen.getByText('Nothing painted yet: paint over the part to change first.'),
  ).toBeVisible();
  await user.keyboard('i');
  expect(screen.getByText('All of the picture will be repainted.')).toBeVisible();
});

test('B and E pick the tool, [ and ] the size; the eraser takes paint away', async () => {
  const { onDone, user } = renderEditor();
  await user.keyboard('e');
  expect(button('Eraser')).toHaveAttribute('aria-pressed', 'true');
  expect(button('Brush')).toHaveAttribute('aria-pressed', 'false');
  await user.keyboard(']');
  expect(screen.getByText('30 px')).toBeVisible();
  await user.keyboard('[['); // one '[' (user-event doubles it as an escape)
  expect(screen.getByText('24 px')).toBeVisible();
  await user.keyboard('i');
  drag([[60, 45]]);
  expect(overlayAlpha(100, 50)).toBe(0);
  await user.keyboard('b');
  expect(button('Brush')).toHaveAttribute('aria-pressed', 'true');

  await user.click(button('Use this mask'));
  await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
  const mask = onDone.mock.calls[0]?.[0] as MaskResult;
  expect(mask.ops).toEqual([
    { kind: 'invert' },
    { kind: 'eraser', radius: 12, points: [{ x: 100, y: 50 }] },
  ]);
  expect(mask.coverage).toBeLessThan(1);
  expect(mask.coverage).toBeGreaterThan(0.99);
});

test('the brush size slider changes the size shown and the size painted', async () => {
  const { onDone, user } = renderEditor();
  fireEvent.change(screen.getByRole('slider', { name: 'Brush size' }), { target: { value: '60' } });
  expect(screen.getByText('60 px')).toBeVisible();
  drag([[60, 45]]);
  await user.click(button('Use this mask'));
  await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
  expect(onDone.mock.calls[0]?.[0].ops[0]).toMatchObject({ kind: 'brush', radius: 30 });
});

test('zoom with the buttons, the keys and Ctrl+wheel; Fit shows the whole picture again', async () => {
  const { user } = renderEditor();
  expect(screen.getByText('100%')).toBeVisible();
  await user.click(button('Zoom in'));
  expect(screen.getByText('125%')).toBeVisible();
  expect(button('Zoom out')).toBeEnabled();
  await user.click(button('Zoom out'));
  expect(screen.getByText('100%')).toBeVisible();
  await user.keyboard('+');
  expect(screen.getByText('125%')).toBeVisible();
  await user.keyboard('0');
  expect(screen.getByText('100%')).toBeVisible();

  fireEvent.wheel(drawingArea(), { ctrlKey: true, deltaY: -300, clientX: 60, clientY: 45 });
  expect(screen.getByText('272%')).toBeVisible();
  // Without Ctrl, the wheel does not zoom.
  fireEvent.wheel(drawingArea(), { deltaY: -300 });
  expect(screen.getByText('272%')).toBeVisible();
  await user.click(button('Fit'));
  expect(screen.getByText('100%')).toBeVisible();
  expect(button('Zoom out')).toBeDisabled();
});

test('moving the picture (Move tool, middle button, Space+drag) paints nothing', async () => {
  // A drawing area of 400 × 300 CSS pixels: the picture fits it at its own size.
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(400);
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(300);
  const { user } = renderEditor();
  const stage = () => (drawingArea().parentElement as HTMLElement).style.transform;
  expect(stage()).toBe('translate(-50%, -50%) translate(0px, 0px) scale(1)');

  await user.click(button('Move'));
  expect(button('Move')).toHaveAttribute('aria-pressed', 'true');
  drag([
    [60, 45],
    [90, 55],
  ]);
  expect(stage()).toBe('translate(-50%, -50%) translate(30px, 10px) scale(1)');

  await user.click(button('Brush'));
  drag(
    [
      [60, 45],
      [50, 45],
    ],
    { button: 1 },
  );
  expect(stage()).toBe('translate(-50%, -50%) translate(20px, 10px) scale(1)');

  fireEvent.keyDown(document.body, { key: ' ' });
  drag([
    [60, 45],
    [60, 25],
  ]);
  fireEvent.keyUp(document.body, { key: ' ' });
  expect(stage()).toBe('translate(-50%, -50%) translate(20px, -10px) scale(1)');

  expect(button('Undo')).toBeDisabled();
  expect(button('Use this mask')).toBeDisabled();
  await user.keyboard('0');
  expect(stage()).toBe('translate(-50%, -50%) translate(0px, 0px) scale(1)');
});

test('two fingers zoom and move instead of painting; one finger paints', () => {
  renderEditor();
  const area = drawingArea();
  const touch = (id: number, clientX: number, clientY: number) => ({
    pointerId: id,
    pointerType: 'touch',
    clientX,
    clientY,
  });
  fireEvent.pointerDown(area, touch(1, 60, 45));
  fireEvent.pointerDown(area, touch(2, 110, 45));
  fireEvent.pointerMove(area, touch(1, 35, 45));
  fireEvent.pointerMove(area, touch(2, 135, 45));
  fireEvent.pointerUp(area, touch(1, 35, 45));
  fireEvent.pointerUp(area, touch(2, 135, 45));
  expect(screen.getByText('200%')).toBeVisible();
  expect(button('Undo')).toBeDisabled();
  expect(overlayAlpha(100, 50)).toBe(0);

  drag([[60, 45]], { pointerId: 3, pointerType: 'touch' });
  expect(button('Undo')).toBeEnabled();
});

test('an earlier mask comes back, still undoable; Cancel says so', async () => {
  const { onCancel, user } = renderEditor({
    initialOps: [{ kind: 'brush', radius: 10, points: [{ x: 10, y: 10 }] }],
  });
  expect(button('Use this mask')).toBeEnabled();
  expect(overlayAlpha(10, 10)).toBe(255);
  await user.click(button('Undo'));
  expect(button('Use this mask')).toBeDisabled();
  await user.click(button('Cancel'));
  expect(onCancel).toHaveBeenCalledTimes(1);
});
