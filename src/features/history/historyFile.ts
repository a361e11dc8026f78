import { z } from 'zod/mini';
import { afterImport, type JobRecord, jobRecordSchema } from '../jobs';

/** The export file: the history as JSON. Records never hold the API key. */
export const HISTORY_FILE_APP = 'modelslab-studio';

const fileSchema = z.object({
  app: z.literal(HISTORY_FILE_APP),
  version: z.literal(1),
  jobs: z.array(z.unknown()),
});

export function historyFileContents(jobs: JobRecord[], now = new Date()): string {
  return JSON.stringify(
    { app: HISTORY_FILE_APP, version: 1, exportedAt: now.toISOString(), jobs },
    null,
    2,
  );
}

export function historyFileName(now = new Date()): string {
  return `modelslab-studio-history-${now.toISOString().slice(0, 10)}.json`;
}

export type ImportResult = { jobs: JobRecord[]; skipped: number };

/** Reads an export back; entries that do not parse are skipped and counted, never trusted. */
export function parseHistoryFile(text: string): ImportResult | { error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { error: 'This file is not a history export (it is not JSON).' };
  }
  const file = fileSchema.safeParse(json);
  if (!file.success) return { error: 'This file is not a ModelsLab Studio history export.' };
  const jobs: JobRecord[] = [];
  let skipped = 0;
  for (const entry of file.data.jobs) {
    const parsed = jobRecordSchema.safeParse(entry);
    if (parsed.success) jobs.push(afterImport(parsed.data));
    else skipped += 1;
  }
  return { jobs, skipped };
}
