/**
 * The browser's side of preparing a picture: opening it, and drawing it again at another
 * size or in another format. Kept apart from the decisions (prepareImage.ts) so tests can
 * replace it: jsdom has no decoder and no canvas.
 */
import type { DecodedPicture, EncodeType } from './prepareImage';

type Source = { image: CanvasImageSource; width: number; height: number; close: () => void };

async function openAsBitmap(blob: Blob): Promise<Source> {
  if (typeof createImageBitmap !== 'function') throw new Error('No createImageBitmap');
  // EXIF orientation applied, so what is sent is upright, as the person sees it.
  const bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' });
  return { image: bitmap, width: bitmap.width, height: bitmap.height, close: () => bitmap.close() };
}

/** For browsers without createImageBitmap, and for what it refuses (SVG in some). */
async function openAsImage(blob: Blob): Promise<Source> {
  const url = URL.createObjectURL(blob);
  const image = new Image();
  try {
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error('The picture could not be opened'));
      image.src = url;
    });
    if (!image.naturalWidth || !image.naturalHeight) throw new Error('The picture has no size');
  } catch (error) {
    URL.revokeObjectURL(url);
    throw error;
  }
  return {
    image,
    width: image.naturalWidth,
    height: image.naturalHeight,
    close: () => URL.revokeObjectURL(url),
  };
}

type AnyCanvas = OffscreenCanvas | HTMLCanvasElement;

function makeCanvas(width: number, height: number): AnyCanvas {
  if (typeof OffscreenCanvas === 'function') return new OffscreenCanvas(width, height);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  return canvas;
}

function draw(
  canvas: AnyCanvas,
  source: Source,
  width: number,
  height: number,
  background?: string,
): OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D {
  const context = canvas.getContext('2d') as
    | OffscreenCanvasRenderingContext2D
    | CanvasRenderingContext2D
    | null;
  if (!context) throw new Error('The browser gave no canvas to draw on');
  if (background) {
    context.fillStyle = background;
    context.fillRect(0, 0, width, height);
  }
  context.imageSmoothingEnabled = true;
  context.imageSmoothingQuality = 'high';
  context.drawImage(source.image, 0, 0, width, height);
  return context;
}

function toBlob(canvas: AnyCanvas, type: EncodeType, quality?: number): Promise<Blob> {
  if ('convertToBlob' in canvas) return canvas.convertToBlob({ type, quality });
  return new Promise((resolve, reject) => {
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('The browser could not encode'))),
      type,
      quality,
    );
  });
}

/** Opens a picture the way the browser shows it (upright), ready to be drawn again. */
export async function decodePicture(blob: Blob): Promise<DecodedPicture> {
  const source = await openAsBitmap(blob).catch(() => openAsImage(blob));
  return {
    width: source.width,
    height: source.height,
    encode: (width, height, type, quality) => {
      const canvas = makeCanvas(width, height);
      // JPEG has no transparency: see-through parts become white, not black.
      draw(canvas, source, width, height, type === 'image/jpeg' ? '#fff' : undefined);
      return toBlob(canvas, type, quality);
    },
    hasTransparency: () => {
      // A small copy is enough: drawing smaller averages see-through pixels, it does not hide them.
      const { width, height } = smallSize(source.width, source.height);
      const pixels = draw(makeCanvas(width, height), source, width, height).getImageData(
        0,
        0,
        width,
        height,
      ).data;
      for (let alpha = 3; alpha < pixels.length; alpha += 4) {
        if (pixels[alpha] !== 255) return true;
      }
      return false;
    },
    close: source.close,
  };
}

function smallSize(width: number, height: number) {
  const scale = Math.min(1, 512 / Math.max(width, height));
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}
