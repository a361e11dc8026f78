import { z } from 'zod/mini';
import { isSafeImageUrl } from '../../api/responseSchemas';
import type { GenerationAnswer } from '../../api/types';

/**
 * The service's answer to a request, noted in localStorage (written at once, unlike
 * IndexedDB) the moment it arrives, until the job's stored record holds it. A page closed
 * or reloaded in between would otherwise leave the record "sending": the next page would
 * say "unknown" and the job's number, for a picture that may have been charged, would be
 * lost. With the note, the next page (or another tab) applies the answer instead
 * (docs/architecture.md, "The runner").
 */
const NOTES_KEY = 'modelslab-studio.answers';
/** A note older than this is of no use: its job's pictures are gone from the service. */
const NOTE_KEPT_MS = 24 * 60 * 60 * 1000;
/**
 * Far more than are ever in flight at once. Notes not forgotten (storage full or missing)
 * would otherwise pile up for a day, each read at every change.
 */
const MOST_NOTES = 50;

const text = z.string().check(z.maxLength(2048));
/** Signed links run long; an inline picture (a `data:` URL) is left to IndexedDB. */
const link = z.string().check(z.maxLength(8192), z.refine(isSafeImageUrl));
const answerSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('success'),
    id: text,
    images: z.array(link).check(z.maxLength(4)),
    seed: z.optional(text),
    generationTime: z.optional(z.number()),
    nsfw: z.boolean(),
  }),
  z.object({
    status: z.literal('processing'),
    id: text,
    etaSeconds: z.optional(z.number()),
    fetchUrl: z.optional(text),
    futureLinks: z.array(link).check(z.maxLength(4)),
    seed: z.optional(text),
    message: text,
  }),
]);
const noteSchema = z.object({ answer: answerSchema, at: z.number() });
type Notes = Record<string, z.infer<typeof noteSchema>>;

function readNotes(): Notes {
  let raw: unknown;
  try {
    raw = JSON.parse(localStorage.getItem(NOTES_KEY) ?? '{}');
  } catch {
    raw = undefined;
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    // Junk is of no use, and would be read again at every change.
    writeNotes({});
    return {};
  }
  const now = Date.now();
  const notes: Notes = {};
  // One note at a time: a bad one does not cost the others.
  for (const [localId, value] of Object.entries(raw)) {
    const parsed = noteSchema.safeParse(value);
    // A clock set back since the note was written puts it in the future: it came no
    // later than now, and one a day ahead is as stale as one a day old.
    if (!parsed.success || Math.abs(now - parsed.data.at) >= NOTE_KEPT_MS) continue;
    notes[localId] = { ...parsed.data, at: Math.min(parsed.data.at, now) };
  }
  return notes;
}

function writeNotes(notes: Notes) {
  try {
    if (Object.keys(notes).length === 0) localStorage.removeItem(NOTES_KEY);
    else localStorage.setItem(NOTES_KEY, JSON.stringify(notes));
  } catch {
    // Storage blocked or full: the job is only as safe as IndexedDB makes it.
  }
}

export function noteAnswer(localId: string, answer: GenerationAnswer) {
  // At most the four pictures a request can ask for (an answer may list thousands). A
  // queued answer's message and links are not kept by the job: a long one is no reason
  // to go without a note.
  const kept =
    answer.status === 'success'
      ? { ...answer, images: answer.images.slice(0, 4) }
      : { ...answer, futureLinks: [], message: '' };
  const parsed = answerSchema.safeParse(kept);
  if (!parsed.success) return;
  const { [localId]: _earlier, ...others } = readNotes();
  const notes = [
    [localId, { answer: parsed.data, at: Date.now() }] as const,
    ...Object.entries(others),
  ].sort(([, a], [, b]) => b.at - a.at);
  writeNotes(Object.fromEntries(notes.slice(0, MOST_NOTES)));
}

/**
 * Every noted answer with when it came, by the job's local id (cheap when there are none:
 * the usual case).
 */
export function notedAnswers(): Map<string, { answer: GenerationAnswer; at: number }> {
  let raw: string | null = null;
  try {
    raw = localStorage.getItem(NOTES_KEY);
  } catch {
    // No storage: no notes.
  }
  if (raw === null) return new Map();
  return new Map(Object.entries(readNotes()));
}

export function forgetAnswer(localId: string) {
  const notes = readNotes();
  if (!(localId in notes)) return;
  delete notes[localId];
  writeNotes(notes);
}

/**
 * Calls `listener` when another tab notes an answer: one it noted after this tab found
 * the job "unknown" (that tab was only busy, then closed before storing it).
 */
export function onNotedElsewhere(listener: () => void): () => void {
  const onStorage = (event: StorageEvent) => {
    if (event.key === NOTES_KEY && event.newValue !== null) listener();
  };
  window.addEventListener('storage', onStorage);
  return () => window.removeEventListener('storage', onStorage);
}

/** "Clear all": nothing of a cleared history is kept, job numbers and links included. */
export function forgetAllAnswers() {
  writeNotes({});
}
