import { hideSecret } from '../../api/parseAnswer';
import type { UnreadableRow } from '../jobs';

/**
 * Saved values the app cannot read as generations, written out as they are (to keep, or to
 * show someone who can help). Records never hold the API key, but versions before the key
 * was scrubbed from error messages could store a server message that echoed it: the key
 * the settings hold now is taken out all the same.
 */
export function unreadableFileContents(
  rows: UnreadableRow[],
  apiKey: string,
  now = new Date(),
): string {
  const text = JSON.stringify(
    {
      // HISTORY_FILE_APP, written out: importing it would tie this on-demand chunk to the
      // history file's (historyFile.test.ts checks an import of this file is told apart).
      app: 'modelslab-studio',
      contents: 'saved generations that could not be read, as they were stored',
      exportedAt: now.toISOString(),
      records: rows.map((row) => ({ key: asJson(row.key), value: asJson(row.value) })),
    },
    null,
    2,
  );
  // A "key" this short is not a key: taking it out would only garble the file.
  return apiKey.length >= 8 ? hideSecret(text, apiKey) : text;
}

export function unreadableFileName(now = new Date()): string {
  return `modelslab-studio-unreadable-${now.toISOString().slice(0, 10)}.json`;
}

/** Storage keeps what JSON cannot say (BigInt, Map, cycles…): written as near as it can be. */
function asJson(value: unknown): unknown {
  try {
    const text = JSON.stringify(value ?? null, (_key, item: unknown) => {
      if (typeof item === 'bigint') return item.toString();
      if (item instanceof Map) return Object.fromEntries(item);
      if (item instanceof Set) return [...item];
      return item;
    });
    return JSON.parse(text ?? 'null');
  } catch {
    return String(value);
  }
}
