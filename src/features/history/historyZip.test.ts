import { strFromU8, strToU8, unzipSync, type Zippable, zipSync } from 'fflate';
import { expect, test } from 'vitest';
import { pictureType } from '../../lib/pictureType';
import { jobRecord } from '../../test/jobRecords';
import { importedRecord } from '../jobs';
import { HISTORY_FILE_APP, historyFileContents } from './historyFile';
import {
  exportHistoryZip,
  HISTORY_ENTRY,
  historyZipContents,
  NOT_A_HISTORY_ZIP,
  PICTURES_ENTRY,
  readHistoryZip,
  ZIP_LIMITS,
} from './historyZip';
import { importOutcome } from './importOutcome';

const KEY = 'sk-ZIP-SECRET-5e6f7a8b9c';
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13];
const JPEG = [0xff, 0xd8, 0xff, 0xe0, 1, 2, 3];
const link = (name: string) => `https://images.example.test/${name}`;
const NOW = new Date('2025-03-04T05:06:07Z');

const jobs = [
  jobRecord('a', { connection: 'modelslab', images: [link('a.png'), link('b.jpg')] }),
  jobRecord('b', { connection: 'modelslab', images: [link('gone.png')] }),
  jobRecord('c', {
    connection: 'modelslab',
    images: [`https://images.example.test/c.png?k=${KEY}`],
  }),
];
const copies: Record<string, Blob> = {
  [link('a.png')]: new Blob([new Uint8Array(PNG)], { type: 'image/png' }),
  [link('b.jpg')]: new Blob([new Uint8Array(JPEG)], { type: 'image/jpeg' }),
  [`https://images.example.test/c.png?k=${KEY}`]: new Blob([new Uint8Array(PNG)], {
    type: 'image/png',
  }),
};
const readCopy = async (address: string) => copies[address];

const asFile = (bytes: Uint8Array) => new Blob([bytes as Uint8Array<ArrayBuffer>]);
const bytesOf = (buffer: ArrayBuffer) => [...new Uint8Array(buffer)];

test('a zip holds the history file as exported alone, each saved picture, and which link it is', async () => {
  const { zip, pictures } = await historyZipContents(jobs, KEY, readCopy, NOW);
  expect(pictures).toBe(2);
  const files = unzipSync(zip);
  expect(Object.keys(files).sort()).toEqual([
    HISTORY_ENTRY,
    PICTURES_ENTRY,
    'pictures/1.png',
    'pictures/2.jpg',
  ]);
  expect(strFromU8(files[HISTORY_ENTRY] as Uint8Array)).toBe(historyFileContents(jobs, KEY, NOW));
  expect(JSON.parse(strFromU8(files[PICTURES_ENTRY] as Uint8Array))).toEqual({
    app: HISTORY_FILE_APP,
    version: 1,
    pictures: { [link('a.png')]: 'pictures/1.png', [link('b.jpg')]: 'pictures/2.jpg' },
  });
  expect([...(files['pictures/1.png'] as Uint8Array)]).toEqual(PNG);
  // A link that holds the key is neither fetched nor written down.
  expect(new TextDecoder().decode(zip)).not.toContain(KEY);
});

test('a zip read back gives the records and each picture under its link', async () => {
  const { zip } = await historyZipContents(jobs, '', readCopy, NOW);
  const result = await readHistoryZip(asFile(zip), importedRecord, KEY);
  if ('error' in result) throw new Error(result.error);
  expect(result.jobs.map((job) => job.localId)).toEqual(['a', 'b', 'c']);
  expect(result.skipped).toBe(0);
  expect(
    result.pictures.map((p) => ({ link: p.link, type: p.type, bytes: bytesOf(p.bytes) })),
  ).toEqual([
    { link: link('a.png'), type: 'image/png', bytes: PNG },
    { link: link('b.jpg'), type: 'image/jpeg', bytes: JPEG },
  ]);
  expect(importOutcome({ added: 3, existing: 0, notStored: 0 }, 0, 2)).toBe(
    'Imported 3 generations. Restored 2 saved pictures.',
  );
  // The sandbox's pictures are in the history itself: no "0 restored" to alarm anyone.
  expect(importOutcome({ added: 3, existing: 0, notStored: 0 }, 0, 0)).toBe(
    'Imported 3 generations.',
  );
});

test('the zip export says where the file went, how many pictures are in it and which are only links', async () => {
  const made = await exportHistoryZip(jobs, KEY, readCopy);
  expect(made.said).toMatch(
    /^Your browser saved modelslab-studio-history-[\d-]+\.zip \(3 generations, with 2 pictures inside\), usually in your Downloads folder\. 2 pictures had no saved copy: only their links are in it\.$/,
  );
  // A sandbox picture is inline (a data: link): it is inside the file, with no copy to read.
  const sandbox = [jobRecord('s', { images: ['data:image/png;base64,iVBORw0KGgo='] })];
  expect((await exportHistoryZip(sandbox, '', readCopy)).said).toMatch(
    /\(1 generation, with 1 picture inside\), usually in your Downloads folder\.$/,
  );
});

/** A zip written by hand: the app's history of `jobs`, a picture map, and `more` entries. */
function handMade(map: Record<string, string>, more: Zippable, history = jobs) {
  return zipSync({
    [HISTORY_ENTRY]: strToU8(historyFileContents(history)),
    [PICTURES_ENTRY]: strToU8(JSON.stringify({ app: HISTORY_FILE_APP, version: 1, pictures: map })),
    ...more,
  });
}

async function picturesOf(zip: Uint8Array) {
  const result = await readHistoryZip(asFile(zip), importedRecord, KEY);
  if ('error' in result) throw new Error(result.error);
  expect(result.jobs).toHaveLength(jobs.length);
  return result.pictures.map((p) => p.link);
}

test('entries named outside pictures/ (path traversal), not pictures, or that no record links to are left out', async () => {
  const png = new Uint8Array(PNG);
  const zip = handMade(
    {
      [link('a.png')]: '../../a.png',
      [link('b.jpg')]: 'pictures/2.jpg',
      [link('gone.png')]: '/etc/passwd',
      'https://elsewhere.example.test/x.png': 'pictures/4.png',
      [`https://images.example.test/c.png?k=${KEY}`]: 'pictures/5.png',
    },
    {
      '../../a.png': png,
      '/etc/passwd': png,
      // Named as a picture, holds a page.
      'pictures/2.jpg': strToU8('<html><script>alert(1)</script></html>'),
      'pictures/4.png': png,
      'pictures/5.png': png,
    },
  );
  expect(await picturesOf(zip)).toEqual([]);
});

test('a picture declared bigger than the cap is not inflated; one that lies about its size inflates no further', async () => {
  const big = new Uint8Array(ZIP_LIMITS.pictureMegabytes * 1024 * 1024 + 1);
  big.set(PNG);
  const over = handMade({ [link('a.png')]: 'pictures/1.png' }, { 'pictures/1.png': big });
  expect(await picturesOf(over)).toEqual([]);

  // A bomb: 8 MB of zeros that the directory says are 64 bytes.
  const bomb = new Uint8Array(8 * 1024 * 1024);
  bomb.set(PNG);
  const zip = handMade({ [link('a.png')]: 'pictures/1.png' }, { 'pictures/1.png': bomb });
  const view = new DataView(zip.buffer);
  let lies = 0;
  for (let at = zip.length - 22; at >= 0; at -= 1) {
    // The central directory entry of pictures/1.png: its "uncompressed size" field.
    if (
      view.getUint32(at, true) === 0x02014b50 &&
      strFromU8(zip.subarray(at + 46, at + 46 + 14)) === 'pictures/1.png'
    ) {
      view.setUint32(at + 24, 64, true);
      lies += 1;
    }
  }
  expect(lies).toBe(1);
  const result = await readHistoryZip(asFile(zip), importedRecord, KEY);
  if ('error' in result) throw new Error(result.error);
  expect(result.jobs).toHaveLength(jobs.length);
  for (const picture of result.pictures) expect(picture.bytes.byteLength).toBeLessThanOrEqual(64);
});

test('a zip with more entries than an import takes is refused before anything is inflated', async () => {
  const many: Zippable = {};
  for (let i = 0; i <= ZIP_LIMITS.pictures + 2; i += 1)
    many[`pictures/${i}.png`] = new Uint8Array(0);
  const result = await readHistoryZip(asFile(handMade({}, many)), importedRecord);
  expect(result).toEqual({
    error: `This zip file holds too many files: the app imports up to ${ZIP_LIMITS.pictures} pictures at a time.`,
  });
});

test.each([
  ['a zip without a history', zipSync({ 'notes.txt': strToU8('hello') })],
  [
    'a zip whose history is not the app’s',
    zipSync({ [HISTORY_ENTRY]: strToU8(JSON.stringify({ app: 'other', version: 1, jobs: [] })) }),
  ],
  ['a file that is not a zip', strToU8('PK but not really a zip file at all')],
])('%s is refused', async (_, zip) => {
  expect(await readHistoryZip(asFile(zip), importedRecord)).toEqual({ error: NOT_A_HISTORY_ZIP });
});

test.each([
  ['PNG', PNG, 'image/png'],
  ['JPEG', JPEG, 'image/jpeg'],
  ['WebP', [...strToU8('RIFF'), 0, 0, 0, 0, ...strToU8('WEBPVP8 ')], 'image/webp'],
  [
    'SVG',
    [...strToU8('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>')],
    'image/svg+xml',
  ],
  ['HTML', [...strToU8('<!doctype html><svg>')], undefined],
  ['nothing', [], undefined],
])('the bytes of %s are read as %s', (_, bytes, type) => {
  expect(pictureType(new Uint8Array(bytes))).toBe(type);
});
