import type { JobRecord } from '../jobs';
import { type Export, exportHistory, type RecordReader, readHistoryFile } from './historyFile';
import type { ZipImport } from './historyZip';

/**
 * Export and import, whichever the file: "History only" (historyFile.ts) or "History and
 * pictures" (historyZip.ts, with its zip code, loaded only for a zip). Loaded on demand.
 */

const historyZip = () => import('./historyZip');

/** "History only (.json)" or "History and pictures (.zip)". */
export async function exportAs(
  format: 'json' | 'zip',
  jobs: JobRecord[],
  apiKey: string,
  readCopy: (link: string) => Promise<Blob | undefined>,
): Promise<Export> {
  if (format === 'json') return exportHistory(jobs, apiKey);
  return (await historyZip()).exportHistoryZip(jobs, apiKey, readCopy);
}

/** A chosen file: a zip starts "PK" (whatever its name: a download may have lost it). */
export async function readChosenFile(
  file: Blob,
  read: RecordReader,
  apiKey: string,
): Promise<(Omit<ZipImport, 'pictures'> & Partial<ZipImport>) | { error: string }> {
  const head = new TextDecoder().decode(await file.slice(0, 2).arrayBuffer());
  if (head === 'PK') return (await historyZip()).readHistoryZip(file, read, apiKey);
  return readHistoryFile(file, read);
}
