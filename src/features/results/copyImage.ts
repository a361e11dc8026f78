/** How copying a picture ended. */
export type CopyOutcome = 'copied' | 'blocked' | 'failed';

/**
 * Whether this browser can put a picture on the clipboard: the async clipboard with
 * ClipboardItem, which browsers offer only on secure (https or localhost) pages.
 */
export function canCopyImages(): boolean {
  return (
    typeof window !== 'undefined' &&
    window.isSecureContext &&
    typeof ClipboardItem === 'function' &&
    typeof navigator.clipboard?.write === 'function'
  );
}

/**
 * Copies a picture as PNG (the one image type every clipboard takes). The PNG is handed
 * over as a promise, inside the click, because Safari allows clipboard writes only there.
 */
export async function copyImage(url: string): Promise<CopyOutcome> {
  const png = pngOf(url);
  try {
    await navigator.clipboard.write([new ClipboardItem({ 'image/png': png })]);
    return 'copied';
  } catch {
    // A host that does not allow reading its pictures (no CORS) fails the conversion.
    return png.then(
      () => 'failed' as const,
      () => 'blocked' as const,
    );
  }
}

function pngOf(url: string): Promise<Blob> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.crossOrigin = 'anonymous';
    image.onload = () => {
      const canvas = document.createElement('canvas');
      canvas.width = image.naturalWidth;
      canvas.height = image.naturalHeight;
      const context = canvas.getContext('2d');
      if (!context) {
        reject(new Error('No canvas'));
        return;
      }
      context.drawImage(image, 0, 0);
      try {
        canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('No PNG'))), 'image/png');
      } catch (error) {
        reject(error);
      }
    };
    image.onerror = () => reject(new Error('The picture could not be read'));
    image.src = url;
  });
}
