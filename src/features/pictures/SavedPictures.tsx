import { useEffect, useRef, useState } from 'react';
import { Button } from '../../ui/Button';
import type { PictureNote } from './pictureStore';
import { deleteSaved, listSaved } from './savedShelf';

/** "340 KB", "12.5 MB", "2.1 GB": sizes as a person reads them. */
export function formatSize(bytes: number): string {
  if (bytes < 1000 * 1000) return `${Math.max(0, Math.round(bytes / 1000))} KB`;
  if (bytes < 1000 * 1000 * 1000) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${(bytes / 1e9).toFixed(1)} GB`;
}

/** "Free up space" deletes the copies of the oldest half (at least one), newest kept. */
export function oldestHalf(notes: Map<string, PictureNote>): string[] {
  const byAge = [...notes].sort(([, a], [, b]) => a.savedAt - b.savedAt);
  return byAge.slice(0, Math.ceil(byAge.length / 2)).map(([link]) => link);
}

type Usage = {
  notes: Map<string, PictureNote>;
  /** What the browser says this site may use, and uses in all (absent when it cannot say). */
  quota?: number;
  usage?: number;
  /** Whether the browser keeps this site's storage for good (absent when it cannot say). */
  persisted?: boolean;
};

async function readUsage(): Promise<Usage> {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
  const [notes, estimate, persisted] = await Promise.all([
    listSaved().catch(() => new Map<string, PictureNote>()),
    storage?.estimate?.().catch(() => undefined),
    storage?.persisted?.().catch(() => undefined),
  ]);
  return { notes, quota: estimate?.quota, usage: estimate?.usage, persisted };
}

const pictures = (count: number) => `${count} ${count === 1 ? 'picture' : 'pictures'}`;
const sizeOf = (notes: Map<string, PictureNote>, links: string[]) =>
  links.reduce((total, link) => total + (notes.get(link)?.size ?? 0), 0);

/**
 * "Saved pictures": how much the copies of finished pictures take, what the browser
 * allows, whether it keeps them for good, and "Free up space" (the copies of the oldest
 * half go; their generations stay). Loaded on demand.
 */
export default function SavedPictures() {
  const [usage, setUsage] = useState<Usage>();
  const [confirming, setConfirming] = useState(false);
  const [notice, setNotice] = useState('');
  const freeUp = useRef<HTMLButtonElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const refresh = () => readUsage().then(setUsage);
  /** Once the question closes, focus goes back where it came from (or to the heading). */
  const backFromQuestion = async () => {
    setConfirming(false);
    await refresh();
    (freeUp.current?.disabled ? heading.current : freeUp.current)?.focus();
  };
  useEffect(() => {
    void refresh();
  }, []);
  if (!usage) return <p className="text-sm text-slate-600">Counting your saved pictures…</p>;
  const { notes } = usage;
  const total = sizeOf(notes, [...notes.keys()]);
  const oldest = oldestHalf(notes);
  const canPersist = typeof navigator.storage?.persist === 'function';
  return (
    <section
      aria-labelledby="saved-pictures-heading"
      className="flex flex-col gap-2 rounded-lg bg-surface p-3 text-sm text-slate-700 ring-1 ring-slate-200"
    >
      <h3
        id="saved-pictures-heading"
        ref={heading}
        tabIndex={-1}
        className="font-semibold text-slate-900 outline-none"
      >
        Saved pictures
      </h3>
      <p>
        Picture links from the service stop working after about a day, so the app keeps a copy of
        each finished picture in this browser when the picture's host allows it.
      </p>
      <p>
        {notes.size === 0
          ? 'No copies are saved yet. Pictures made in the sandbox need none: they are kept inside your history.'
          : `${pictures(notes.size)} saved, using ${formatSize(total)}.`}
        {usage.quota
          ? ` This browser lets this site use up to ${formatSize(usage.quota)}${usage.usage === undefined ? '' : `; it uses ${formatSize(usage.usage)} now, history included`}.`
          : ''}
      </p>
      {notes.size > 0 ? (
        <p>
          {usage.persisted
            ? 'Kept for good: the browser will not clear them to make room.'
            : 'Not kept for good: the browser may clear them if the disk gets nearly full.'}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-2">
        {!usage.persisted && canPersist && notes.size > 0 ? (
          <Button
            size="sm"
            onClick={async () => {
              const kept = await navigator.storage.persist().catch(() => false);
              setNotice(
                kept
                  ? 'The browser will keep them for good.'
                  : 'The browser said no for now (browsers decide by how often a site is used). To keep a copy of your own, use Export history, then “History and pictures (.zip)”.',
              );
              void refresh();
            }}
          >
            Ask to keep them for good
          </Button>
        ) : null}
        <Button
          ref={freeUp}
          size="sm"
          disabled={notes.size === 0}
          onClick={() => {
            setNotice('');
            setConfirming(true);
          }}
        >
          Free up space
        </Button>
      </div>
      {confirming ? (
        <div
          role="alertdialog"
          aria-label="Free up space"
          onKeyDown={(event) => {
            if (event.key === 'Escape') void backFromQuestion();
          }}
          className="flex flex-wrap items-center gap-2 rounded-lg bg-amber-50 p-3 text-amber-900 ring-1 ring-amber-200"
        >
          {/* A line of its own: beside the buttons it is a narrow column on a phone. */}
          <p className="basis-full">
            Delete the saved copies of the oldest {pictures(oldest.length)} (
            {formatSize(sizeOf(notes, oldest))})? They stay in your history and show from their
            links, but only while those work (about a day after they were made).
          </p>
          <Button
            size="sm"
            variant="danger"
            onClick={async () => {
              try {
                await deleteSaved(oldest);
                setNotice(
                  `Freed ${formatSize(sizeOf(notes, oldest))}: the copies of ${pictures(oldest.length)} were deleted.`,
                );
              } catch {
                setNotice('The browser did not let the app delete them. Try again.');
              }
              await backFromQuestion();
            }}
          >
            Delete the copies
          </Button>
          <Button size="sm" onClick={() => void backFromQuestion()} autoFocus>
            Keep them
          </Button>
        </div>
      ) : null}
      {notice ? <p role="status">{notice}</p> : null}
    </section>
  );
}
