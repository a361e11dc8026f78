import { deflateSync, strToU8 } from 'fflate';

/** Zips written by hand for attack probes: directories that say one thing, bytes another. */

const MEGABYTE = 1024 * 1024;

export type Entry = {
  name: string;
  /** The bytes as they are in the zip (already deflated when `method` is 8). */
  data: Uint8Array;
  method: 0 | 8;
  /** What the directory says the entry inflates to. */
  size: number;
};

/** A zip file, written field by field (no CRC: readers of this app do not check it). */
export function rawZip(entries: Entry[]): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = strToU8(entry.name);
    const local = new Uint8Array(30 + name.length);
    const l = new DataView(local.buffer);
    l.setUint32(0, 0x04034b50, true);
    l.setUint16(4, 20, true);
    l.setUint16(8, entry.method, true);
    l.setUint32(18, entry.data.length, true);
    l.setUint32(22, entry.size, true);
    l.setUint16(26, name.length, true);
    local.set(name, 30);
    const central = new Uint8Array(46 + name.length);
    const c = new DataView(central.buffer);
    c.setUint32(0, 0x02014b50, true);
    c.setUint16(4, 20, true);
    c.setUint16(6, 20, true);
    c.setUint16(10, entry.method, true);
    c.setUint32(20, entry.data.length, true);
    c.setUint32(24, entry.size, true);
    c.setUint16(28, name.length, true);
    c.setUint32(42, offset, true);
    central.set(name, 46);
    locals.push(local, entry.data);
    centrals.push(central);
    offset += local.length + entry.data.length;
  }
  const directorySize = centrals.reduce((sum, part) => sum + part.length, 0);
  const end = new Uint8Array(22);
  const e = new DataView(end.buffer);
  e.setUint32(0, 0x06054b50, true);
  e.setUint16(8, entries.length, true);
  e.setUint16(10, entries.length, true);
  e.setUint32(12, directorySize, true);
  e.setUint32(16, offset, true);
  const parts = [...locals, ...centrals, end];
  const zip = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    zip.set(part, at);
    at += part.length;
  }
  return zip;
}

/**
 * A deflate stream of zeros that inflates to about 1,032 × `megabytes` MB: a run of zero
 * bytes in a zero-filled block's stream is "258 more zeros" over and over.
 */
export function bomb(megabytes: number): Uint8Array {
  const stream = deflateSync(new Uint8Array(MEGABYTE), { level: 1 });
  const middle = stream.length >> 1;
  const zeros = Math.round(megabytes * MEGABYTE);
  const bytes = new Uint8Array(stream.length + zeros);
  bytes.set(stream.subarray(0, middle));
  bytes.set(stream.subarray(middle), middle + zeros);
  return bytes;
}
