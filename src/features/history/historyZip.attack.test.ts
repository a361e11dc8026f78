import { deflateSync, strToU8 } from 'fflate';
import { expect, test } from 'vitest';
import { bomb, type Entry, rawZip } from '../../test/handZip';
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

const deflated = (name: string, bytes: Uint8Array): Entry => ({
  name,
  data: deflateSync(bytes),
  method: 8,
  size: bytes.length,
});

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

test('thousands of small entries that each inflate far past their declared size are not each tried', {
  timeout: 5000,
}, async () => {
  // Each would cost a piece's inflating (16 MB of zeros) before it is found out.
  const count = 2000;
  const jobs = Array.from({ length: count }, (_, i) =>
    jobRecord(`j${i}`, { connection: 'modelslab', images: [link(`${i}.png`)] }),
  );
  const piece = bomb(1 / 64);
  const zip = rawZip([
    historyOf(jobs),
    mapOf(Object.fromEntries(jobs.map((_, i) => [link(`${i}.png`), `pictures/${i}.png`]))),
    ...jobs.map((_, i) => ({
      name: `pictures/${i}.png`,
      data: piece,
      method: 8 as const,
      size: 64,
    })),
  ]);
  const result = await readHistoryZip(asFile(zip), importedRecord);
  if ('error' in result) throw new Error(result.error);
  expect(result.jobs).toHaveLength(count);
  expect(result.pictures.map((p) => p.link)).toEqual([]);
});

test('thousands of entries named as pictures that inflate honestly to 30 MB of something else are not each inflated', {
  timeout: 10_000,
}, async () => {
  // 60 GB to inflate in all, from a 60 MB zip.
  const count = 2000;
  const jobs = Array.from({ length: count }, (_, i) =>
    jobRecord(`j${i}`, { connection: 'modelslab', images: [link(`${i}.png`)] }),
  );
  const size = ZIP_LIMITS.pictureMegabytes * MEGABYTE;
  const zeros = deflateSync(new Uint8Array(size), { level: 1 });
  const zip = rawZip([
    historyOf(jobs),
    mapOf(Object.fromEntries(jobs.map((_, i) => [link(`${i}.png`), `pictures/${i}.png`]))),
    ...jobs.map((_, i) => ({ name: `pictures/${i}.png`, data: zeros, method: 8 as const, size })),
  ]);
  const result = await readHistoryZip(asFile(zip), importedRecord);
  if ('error' in result) throw new Error(result.error);
  expect(result.jobs).toHaveLength(count);
  expect(result.pictures.map((p) => p.link)).toEqual([]);
});
