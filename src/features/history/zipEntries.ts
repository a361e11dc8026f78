import { Inflate } from 'fflate';

/**
 * The entries of a zip, read from its central directory, each inflated only when asked
 * and never past the size the directory declares (docs/architecture.md, "Hostile zips").
 * fflate's `unzipSync` would inflate a lying entry to its end into a buffer of the declared
 * size: nothing is kept past it, but a few kilobytes that inflate to gigabytes still keep
 * the tab busy for minutes. Plain zips only (no ZIP64, no encryption): what the app writes.
 */

export class NotAZip extends Error {}
export class TooManyEntries extends Error {}

export type ZipEntry = {
  name: string;
  /** What the directory says the entry inflates to. */
  size: number;
  /** The entry's bytes, or undefined when they are not what the directory says. */
  read: () => Uint8Array | undefined;
};

/** How much of a deflated entry is inflated at a time (at most ~1,000 times this out). */
const PIECE = 16 * 1024;

function inflateUpTo(data: Uint8Array, size: number): Uint8Array | undefined {
  const out = new Uint8Array(size);
  let at = 0;
  let over = false;
  const inflate = new Inflate((piece) => {
    if (over || at + piece.length > size) {
      over = true;
      return;
    }
    out.set(piece, at);
    at += piece.length;
  });
  try {
    for (let from = 0; from < data.length && !over; from += PIECE) {
      const end = Math.min(from + PIECE, data.length);
      inflate.push(data.subarray(from, end), end === data.length);
    }
  } catch {
    return undefined;
  }
  return over || at !== size ? undefined : out;
}

/** The zip's entries, in the directory's order; throws `NotAZip` or `TooManyEntries`. */
export function zipEntries(data: Uint8Array, most: number): ZipEntry[] {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  // The end record: 22 bytes, then a comment of up to 64 KB.
  let end = data.length - 22;
  while (end >= 0 && u32(end) !== 0x06054b50) {
    if (data.length - end > 22 + 0xffff) throw new NotAZip();
    end -= 1;
  }
  if (end < 0) throw new NotAZip();
  const count = u16(end + 10);
  let at = u32(end + 16);
  if (count > most) throw new TooManyEntries();
  const entries: ZipEntry[] = [];
  try {
    for (let i = 0; i < count; i += 1) {
      if (u32(at) !== 0x02014b50) throw new NotAZip();
      const flags = u16(at + 8);
      const method = u16(at + 10);
      const stored = u32(at + 20);
      const size = u32(at + 24);
      const nameLength = u16(at + 28);
      const skip = nameLength + u16(at + 30) + u16(at + 32);
      const local = u32(at + 42);
      const nameBytes = data.subarray(at + 46, at + 46 + nameLength);
      const name = new TextDecoder(flags & 0x800 ? 'utf-8' : 'latin1').decode(nameBytes);
      at += 46 + skip;
      if (u32(local) !== 0x04034b50) throw new NotAZip();
      const start = local + 30 + u16(local + 26) + u16(local + 28);
      const bytes = data.subarray(start, start + stored);
      const whole = bytes.length === stored && !(flags & 1);
      entries.push({
        name,
        size,
        read: () => {
          if (!whole) return undefined;
          if (method === 0) return stored === size ? bytes.slice() : undefined;
          return method === 8 ? inflateUpTo(bytes, size) : undefined;
        },
      });
    }
  } catch (error) {
    // Reading past the end (RangeError): the directory points outside the file.
    throw error instanceof NotAZip ? error : new NotAZip();
  }
  return entries;
}
