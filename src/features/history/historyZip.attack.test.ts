import { deflateSync, strToU8 } from 'fflate';
import { expect, test } from 'vitest';
import { jobRecord } from '../../test/jobRecords';
import { importedRecord } from '../jobs';
import { HISTORY_FILE_APP, historyFileContents } from './historyFile';
import {
  HISTORY_ENTRY,
  NOT_A_HISTORY_ZIP,
  PICTURES_ENTRY,
  readHistoryZip,
  ZIP_LIMITS,
} from './historyZip';

/*
 * Attack probes (branch `attack`): zips written by hand, whose directory says one thing
 * and whose bytes another.
 */

const MEGABYTE = 1024 * 1024;
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13];
const link = (name: string) => `https://images.example.test/${name}`;

type Entry = {
  name: string;
  /** The bytes as they are in the zip (already deflated when `method` is 8). */
  data: Uint8Array;
  method: 0 | 8;
  /** What the directory says the entry inflates to. */
  size: number;
};

const deflated = (name: string, bytes: Uint8Array): Entry => ({
  name,
  data: deflateSync(bytes),
  method: 8,
  size: bytes.length,
});

/** A zip file, written field by field (no CRC: readers of this app do not check it). */
function rawZip(entries: Entry[]): Uint8Array {
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
function bomb(megabytes: number): Uint8Array {
  const stream = deflateSync(new Uint8Array(MEGABYTE), { level: 1 });
  const middle = stream.length >> 1;
  const bytes = new Uint8Array(stream.length + megabytes * MEGABYTE);
  bytes.set(stream.subarray(0, middle));
  bytes.set(stream.subarray(middle), middle + megabytes * MEGABYTE);
  return bytes;
}

const asFile = (bytes: Uint8Array) => new Blob([bytes as Uint8Array<ArrayBuffer>]);
const historyOf = (jobs: ReturnType<typeof jobRecord>[]) =>
  deflated(HISTORY_ENTRY, strToU8(historyFileContents(jobs)));
const mapOf = (pictures: Record<string, string>) =>
  deflated(
    PICTURES_ENTRY,
    strToU8(JSON.stringify({ app: HISTORY_FILE_APP, version: 1, pictures })),
  );

test('a history.json that inflates to gigabytes while its directory says 200 bytes is refused at once', {
  timeout: 5000,
}, async () => {
  // Inflated to its end, this is 4 GB of zeros: many seconds of a frozen tab.
  const zip = rawZip([{ name: HISTORY_ENTRY, data: bomb(4), method: 8, size: 200 }]);
  expect(await readHistoryZip(asFile(zip), importedRecord)).toEqual({ error: NOT_A_HISTORY_ZIP });
});

test('a picture that inflates to gigabytes while its directory says 64 bytes is left out at once', {
  timeout: 5000,
}, async () => {
  const jobs = [jobRecord('a', { connection: 'modelslab', images: [link('a.png')] })];
  const zip = rawZip([
    historyOf(jobs),
    mapOf({ [link('a.png')]: 'pictures/1.png' }),
    { name: 'pictures/1.png', data: bomb(4), method: 8, size: 64 },
  ]);
  const result = await readHistoryZip(asFile(zip), importedRecord);
  if ('error' in result) throw new Error(result.error);
  expect(result.jobs.map((job) => job.localId)).toEqual(['a']);
  expect(result.pictures).toEqual([]);
});

test('a stored (not compressed) picture bigger than the cap is left out, whatever size its directory says', async () => {
  const jobs = [jobRecord('a', { connection: 'modelslab', images: [link('a.png')] })];
  const big = new Uint8Array(ZIP_LIMITS.pictureMegabytes * MEGABYTE + 1);
  big.set(PNG);
  const zip = rawZip([
    historyOf(jobs),
    mapOf({ [link('a.png')]: 'pictures/1.png' }),
    { name: 'pictures/1.png', data: big, method: 0, size: PNG.length },
  ]);
  const result = await readHistoryZip(asFile(zip), importedRecord);
  if ('error' in result) throw new Error(result.error);
  expect(result.jobs).toHaveLength(1);
  // Links only: a failure would print the picture's 30 MB otherwise.
  expect(result.pictures.map((p) => p.link)).toEqual([]);
});

test('one picture named for many links counts once per link against the 1 GB an import keeps', async () => {
  // 40 links × 30 MB would be 1.2 GB of copies in the browser's storage from a 30 MB zip.
  const jobs = Array.from({ length: 40 }, (_, i) =>
    jobRecord(`j${i}`, { connection: 'modelslab', images: [link(`${i}.png`)] }),
  );
  const picture = new Uint8Array(ZIP_LIMITS.pictureMegabytes * MEGABYTE);
  picture.set(PNG);
  const zip = rawZip([
    historyOf(jobs),
    mapOf(Object.fromEntries(jobs.map((_, i) => [link(`${i}.png`), 'pictures/1.png']))),
    { name: 'pictures/1.png', data: picture, method: 0, size: picture.length },
  ]);
  const result = await readHistoryZip(asFile(zip), importedRecord);
  if ('error' in result) throw new Error(result.error);
  expect(result.jobs).toHaveLength(40);
  const kept = result.pictures.reduce((sum, p) => sum + p.bytes.byteLength, 0);
  expect(result.pictures.length).toBeGreaterThan(0);
  expect(kept).toBeLessThanOrEqual(ZIP_LIMITS.picturesMegabytes * MEGABYTE);
});

test.each([
  ['an empty zip', rawZip([])],
  ['a zip whose history is not JSON', rawZip([deflated(HISTORY_ENTRY, strToU8('{"app": '))])],
  [
    'a zip whose directory points past its end',
    (() => {
      const zip = rawZip([historyOf([])]);
      const view = new DataView(zip.buffer);
      // The central directory's offset of its one entry's local header.
      view.setUint32(zip.length - 22 - 46 - HISTORY_ENTRY.length + 42, 0x7fffffff, true);
      return zip;
    })(),
  ],
])('%s is refused in words', async (_, zip) => {
  const result = await readHistoryZip(asFile(zip), importedRecord);
  expect(result).toHaveProperty('error');
});

test('entries named with backslashes, a leading slash or a trailing slash are not taken as pictures', async () => {
  const jobs = [
    jobRecord('a', {
      connection: 'modelslab',
      images: [link('a.png'), link('b.png'), link('c.png')],
    }),
  ];
  const png = new Uint8Array(PNG);
  const zip = rawZip([
    historyOf(jobs),
    mapOf({
      [link('a.png')]: 'pictures\\1.png',
      [link('b.png')]: '/pictures/2.png',
      [link('c.png')]: 'pictures/3.png/',
    }),
    { name: 'pictures\\1.png', data: png, method: 0, size: png.length },
    { name: '/pictures/2.png', data: png, method: 0, size: png.length },
    { name: 'pictures/3.png/', data: png, method: 0, size: png.length },
  ]);
  const result = await readHistoryZip(asFile(zip), importedRecord);
  if ('error' in result) throw new Error(result.error);
  expect(result.jobs).toHaveLength(1);
  expect(result.pictures).toEqual([]);
});
