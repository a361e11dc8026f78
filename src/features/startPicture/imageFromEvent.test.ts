import { expect, test } from 'vitest';
import { hasFiles, imageFileFromDrop, imageFileFromPaste } from './imageFromEvent';

const file = (name: string, type: string) => new File(['x'], name, { type });
const notes = file('notes.txt', 'text/plain');
const cat = file('cat.png', 'image/png');
const dog = file('dog.jpg', 'image/jpeg');

/** The part of a drag or clipboard event the helpers read. */
const drop = (data: Partial<DataTransfer> | null) => ({ dataTransfer: data }) as DragEvent;
const paste = (data: Partial<DataTransfer> | null) => ({ clipboardData: data }) as ClipboardEvent;
const item = (of: File | null, kind = 'file') =>
  ({ kind, getAsFile: () => of }) as unknown as DataTransferItem;
const list = <T>(values: T[]) => values as unknown as FileList & DataTransferItemList;

test('a drop gives its first picture, or else its first file, so the picker can say what it is', () => {
  expect(imageFileFromDrop(drop({ files: list([notes, cat, dog]) }))).toBe(cat);
  expect(imageFileFromDrop(drop({ files: list([dog]) }))).toBe(dog);
  expect(imageFileFromDrop(drop({ files: list([notes]) }))).toBe(notes);
});

test('a drop of no files (text, a link) gives nothing', () => {
  expect(imageFileFromDrop(drop({ files: list([]), items: list([]) }))).toBeUndefined();
  expect(imageFileFromDrop(drop(null))).toBeUndefined();
});

test('a pasted picture is found among the files, or among the items where only they list it', () => {
  expect(imageFileFromPaste(paste({ files: list([cat]) }))).toBe(cat);
  expect(
    imageFileFromPaste(
      paste({ files: list([]), items: list([item(null, 'string'), item(notes), item(dog)]) }),
    ),
  ).toBe(dog);
});

test('pasted text gives nothing, so it lands where it was pasted', () => {
  expect(
    imageFileFromPaste(paste({ files: list([]), items: list([item(null, 'string')]) })),
  ).toBeUndefined();
  expect(imageFileFromPaste(paste(null))).toBeUndefined();
});

test('a drag holds files only when its types say "Files"', () => {
  expect(hasFiles(drop({ types: ['text/plain', 'Files'] }))).toBe(true);
  expect(hasFiles(drop({ types: ['text/uri-list', 'text/plain'] }))).toBe(false);
  expect(hasFiles(drop(null))).toBe(false);
});
