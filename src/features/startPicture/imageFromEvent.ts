/**
 * Finds the file a person dropped or pasted. Tiny on purpose: the form uses these on first
 * load, to hand a file dropped or pasted anywhere on it to the (lazily loaded) picker.
 */
import type { ClipboardEvent as ReactClipboardEvent, DragEvent as ReactDragEvent } from 'react';

/** The first picture among the files, or else the first file, so the picker can say what it is. */
function fileIn(data: DataTransfer | null | undefined): File | undefined {
  if (!data) return undefined;
  let files = Array.from(data.files ?? []);
  // Some browsers list a pasted picture only among the clipboard's items.
  if (files.length === 0) {
    files = Array.from(data.items ?? [])
      .filter((item) => item.kind === 'file')
      .map((item) => item.getAsFile())
      .filter((file): file is File => file !== null);
  }
  return files.find((file) => file.type.startsWith('image/')) ?? files[0];
}

/** The picture pasted, if a file was pasted (text pastes answer undefined). */
export function imageFileFromPaste(event: ClipboardEvent | ReactClipboardEvent): File | undefined {
  return fileIn(event.clipboardData);
}

/** The picture dropped, if files were dropped. */
export function imageFileFromDrop(event: DragEvent | ReactDragEvent): File | undefined {
  return fileIn(event.dataTransfer);
}

/** Whether what is dragged over holds files (not text or a link), for dragover. */
export function hasFiles(event: DragEvent | ReactDragEvent): boolean {
  return Array.from(event.dataTransfer?.types ?? []).includes('Files');
}
