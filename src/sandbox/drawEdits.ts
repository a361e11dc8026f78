import { sceneCanvas } from './drawPicture';
import {
  MASK_SIZE_MISMATCH,
  MAX_ENLARGED_SIDE,
  PictureRefused,
  UNABLE_TO_FETCH,
} from './editRules';
import type { EnlargePicture, KeepUpload, RepaintPicture, VaryPicture } from './handlers';

/**
 * The sandbox's picture edits in the browser, on a canvas: what the service would do to
 * a picture, simulated so a person recognises their own picture, changed.
 */

/** Uploads are kept as JPEG data URLs this big at most: small enough for storage. */
const UPLOAD_SIDE = 1024;

/** Loads a picture the way the service downloads one: data URLs and reachable addresses. */
function loadPicture(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    // Another origin's pixels can only be read back with its permission (CORS).
    if (!url.startsWith('data:')) image.crossOrigin = 'anonymous';
    image.onload = () => resolve(image);
    image.onerror = () => reject(new PictureRefused(UNABLE_TO_FETCH));
    image.src = url;
  });
}

function canvasOf(width: number, height: number) {
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(width));
  canvas.height = Math.max(1, Math.round(height));
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('This browser cannot draw on a canvas.');
  return { canvas, ctx };
}

/** The picture re-encoded small, so its "link" fits in storage and works with no server. */
export const keepUpload: KeepUpload = async (dataUrl) => {
  const image = await loadPicture(dataUrl);
  const fit = Math.min(1, UPLOAD_SIDE / Math.max(image.naturalWidth, image.naturalHeight));
  const { canvas, ctx } = canvasOf(image.naturalWidth * fit, image.naturalHeight * fit);
  // JPEG has no transparency: transparent parts turn black, which a mask reads as "keep".
  ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
  return canvas.toDataURL('image/jpeg', 0.85);
};

/**
 * The picture, cropped to the requested size and re-tinted by seed, with the prompt's
 * scene blended over it: the higher the strength, the more of the scene.
 */
export const vary: VaryPicture = async (init, spec, strength) => {
  const image = await loadPicture(init);
  const { canvas, ctx } = canvasOf(spec.width, spec.height);
  const hue = (((spec.seed + spec.index * 47) % 90) - 45) * strength;
  ctx.filter = `hue-rotate(${hue}deg) saturate(${1 + 0.4 * strength})`;
  const cover = Math.max(canvas.width / image.naturalWidth, canvas.height / image.naturalHeight);
  const w = image.naturalWidth * cover;
  const h = image.naturalHeight * cover;
  ctx.drawImage(image, (canvas.width - w) / 2, (canvas.height - h) / 2, w, h);
  ctx.filter = 'none';
  const scene = sceneCanvas({ ...spec, width: canvas.width, height: canvas.height });
  ctx.globalCompositeOperation = 'overlay';
  ctx.globalAlpha = 0.2 + 0.6 * strength;
  ctx.drawImage(scene, 0, 0);
  ctx.globalCompositeOperation = 'source-over';
  ctx.globalAlpha = 0.25 * strength;
  ctx.drawImage(scene, 0, 0);
  ctx.globalAlpha = 1;
  return canvas.toDataURL('image/jpeg', 0.88);
};

/**
 * The picture at its own size with the prompt's scene painted where the mask is white
 * (in proportion to its brightness), and left exactly as it was where it is black.
 */
export const repaint: RepaintPicture = async (init, mask, spec, strength) => {
  const [image, maskImage] = await Promise.all([loadPicture(init), loadPicture(mask)]);
  const width = image.naturalWidth;
  const height = image.naturalHeight;
  if (maskImage.naturalWidth !== width || maskImage.naturalHeight !== height) {
    throw new PictureRefused(MASK_SIZE_MISMATCH);
  }
  const { canvas, ctx } = canvasOf(width, height);
  ctx.drawImage(image, 0, 0);

  const layer = canvasOf(width, height);
  layer.ctx.drawImage(sceneCanvas({ ...spec, width, height }), 0, 0);
  const paint = layer.ctx.getImageData(0, 0, width, height);
  const masked = canvasOf(width, height);
  masked.ctx.drawImage(maskImage, 0, 0);
  const white = masked.ctx.getImageData(0, 0, width, height).data;
  const cover = 0.55 + 0.45 * strength;
  for (let i = 0; i < white.length; i += 4) {
    const lightness =
      (((white[i] ?? 0) * 0.299 + (white[i + 1] ?? 0) * 0.587 + (white[i + 2] ?? 0) * 0.114) /
        255) *
      ((white[i + 3] ?? 0) / 255);
    // A compressed mask's near-black noise stays "keep".
    paint.data[i + 3] = lightness < 0.05 ? 0 : Math.round(255 * lightness * cover);
  }
  layer.ctx.putImageData(paint, 0, 0);
  ctx.drawImage(layer.canvas, 0, 0);
  return canvas.toDataURL('image/jpeg', 0.9);
};

/** The picture drawn larger with smoothing (a touch crisper with face enhancement). */
export const enlarge: EnlargePicture = async (init, scale, faceEnhance) => {
  const image = await loadPicture(init);
  const fit = Math.min(
    scale,
    MAX_ENLARGED_SIDE / Math.max(image.naturalWidth, image.naturalHeight),
  );
  const { canvas, ctx } = canvasOf(image.naturalWidth * fit, image.naturalHeight * fit);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  if (faceEnhance) ctx.filter = 'contrast(1.06) saturate(1.08)';
  ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
  return {
    url: canvas.toDataURL('image/jpeg', 0.9),
    width: canvas.width,
    height: canvas.height,
  };
};
