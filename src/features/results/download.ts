import { saveBlob, saveFile } from '../../ui/saveFile';

/** Saves an image under a file name; opens it in a new tab when the host forbids reading it. */
export async function downloadImage(url: string, fileName: string): Promise<void> {
  if (url.startsWith('data:')) {
    saveFile(url, fileName);
    return;
  }
  try {
    const response = await fetch(url, { mode: 'cors' });
    if (!response.ok) throw new Error(String(response.status));
    saveBlob(await response.blob(), fileName);
  } catch {
    // Cross-origin hosts without CORS: the browser can still show it.
    window.open(url, '_blank', 'noopener,noreferrer');
  }
}

export function imageFileName(
  prompt: string,
  seed: string | undefined,
  index: number,
  url: string,
): string {
  const slug =
    prompt
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'image';
  const ext =
    /^data:image\/(png|jpe?g|webp|gif)/i.exec(url)?.[1] ??
    /\.(png|jpe?g|webp|gif)(\?|$)/i.exec(url)?.[1] ??
    'png';
  return `${slug}${seed ? `-${seed}` : ''}-${index + 1}.${ext.replace('jpeg', 'jpg')}`;
}

/** Saves every image of a generation, one after another (browsers may ask once to allow it). */
export async function downloadAll(images: string[], prompt: string, seed?: string): Promise<void> {
  for (const [index, url] of images.entries()) {
    await downloadImage(url, imageFileName(prompt, seed, index, url));
  }
}
