/**
 * What kind of picture some bytes are, by their first bytes: a file's name or a host's
 * Content-Type can say anything (docs/architecture.md, "Saved pictures").
 */

const startsWith = (bytes: Uint8Array, at: number, ...values: number[]) =>
  values.every((value, i) => bytes[at + i] === value);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** The picture type of `bytes` by their first bytes, or undefined if they are not one. */
export function pictureType(bytes: Uint8Array): string | undefined {
  if (startsWith(bytes, 0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (startsWith(bytes, 0, 0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (startsWith(bytes, 0, ...ascii('GIF8'))) return 'image/gif';
  if (startsWith(bytes, 0, ...ascii('RIFF')) && startsWith(bytes, 8, ...ascii('WEBP'))) {
    return 'image/webp';
  }
  if (startsWith(bytes, 4, ...ascii('ftypavif'))) return 'image/avif';
  // SVG is text: an <svg> root, perhaps after an XML declaration. Shown only as an
  // image (an <img> runs no script in it).
  const head = new TextDecoder()
    .decode(bytes.subarray(0, 512))
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (/^(?:<\?xml[^>]*>\s*)?<svg[\s>]/i.test(head)) return 'image/svg+xml';
  return undefined;
}
