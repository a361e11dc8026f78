import { useEffect, useRef, useState } from 'react';
import { type EnlargeScale, enlargeScales } from '../../api/requestSchemas';
import { Button } from '../../ui/Button';
import { copyText } from '../../ui/copyText';
import { canCopyImages, copyImage } from './copyImage';
import { downloadAll, downloadImage, type SavedCopy } from './download';
import { useDownloads } from './useDownloads';

/** One picture as the viewer shows it, with everything known about how it was made. */
export type ViewerPicture = {
  /** Stable across renders: which picture of which generation. */
  key: string;
  /** Its link (what it is downloaded and named from when no copy is saved). */
  url: string;
  /** Where it is shown from, when not its link: its saved copy (an object URL). */
  src?: string;
  /** Whether a copy is saved is still being found out: nothing is shown (nor asked) yet. */
  finding?: boolean;
  alt: string;
  /** The name a download gets, made from the prompt. */
  fileName: string;
  prompt: string;
  negativePrompt?: string;
  /** The seed the service reported, when it did. */
  seed?: string;
  /** How it was made, in the order shown: model, size, seed, steps, guidance, time… */
  facts: Array<{ label: string; value: string }>;
  /** "Image 2 of 4 of this generation", when there are several. */
  ofGeneration?: string;
  /** Every picture of its generation (for "Download all"), when there are several. */
  generation: Array<{ url: string; fileName: string }>;
  /** Its size in pixels, as asked for. */
  size: { width: number; height: number };
};

/** "Enlarge": how much larger, and whether faces are improved, in plain words. */
function EnlargeOptions({
  size,
  onEnlarge,
}: {
  size: { width: number; height: number };
  onEnlarge: (scale: EnlargeScale, faceEnhance: boolean) => Promise<void>;
}) {
  const [scale, setScale] = useState<EnlargeScale>(2);
  const [faces, setFaces] = useState(false);
  const [busy, setBusy] = useState(false);
  return (
    <fieldset
      id="enlarge-options"
      className="flex flex-col gap-2 rounded-md p-3 ring-1 ring-zinc-700"
    >
      <legend className="px-1 text-sm font-medium text-white">Enlarge this picture</legend>
      <div role="radiogroup" aria-label="How much larger" className="flex flex-wrap gap-3 text-sm">
        {enlargeScales.map((n) => (
          <label key={n} className="flex items-center gap-1.5">
            <input
              type="radio"
              name="enlarge-scale"
              checked={scale === n}
              onChange={() => setScale(n)}
            />
            {n}× ({size.width * n}×{size.height * n})
          </label>
        ))}
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={faces}
          onChange={(event) => setFaces(event.target.checked)}
        />
        Improve faces <span className="font-mono text-xs text-zinc-400">(face_enhance)</span>
      </label>
      <p className="text-xs text-zinc-400">
        Makes a larger copy with more detail; the original stays as it is.
      </p>
      <Button
        size="sm"
        variant="primary"
        className="self-start"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          await onEnlarge(scale, faces).finally(() => setBusy(false));
        }}
      >
        Enlarge {scale}×
      </Button>
    </fieldset>
  );
}

/** The words features/pictures shows in a tile for the same case (this chunk loads alone). */
const LINK_GONE_WORDS = "This picture's link has expired, and no copy was saved in this browser.";

const copyMessages = {
  copied: 'Picture copied.',
  blocked: "The picture's host does not let the app copy it. Use Download instead.",
  failed: 'The browser did not let the app copy the picture.',
} as const;

/**
 * The whole history, one picture at a time, in a modal dialog: the picture large, what
 * it was made with, and what can be done with it. Arrow keys move across generations;
 * Escape or a click beside the dialog closes it. Loaded on demand (React.lazy).
 */
export default function ImageViewer({
  picture,
  position,
  count,
  onMove,
  onClose,
  onReuse,
  onVary,
  onStartFrom,
  onEnlarge,
  onDelete,
  savedCopy,
}: {
  picture: ViewerPicture;
  /** Where this picture is in the history (0 is the newest), of `count`. */
  position: number;
  count: number;
  onMove: (step: 1 | -1) => void;
  onClose: () => void;
  onReuse: () => void;
  /** Starts a new generation with these settings and a new seed; answers what to say. */
  onVary: () => string;
  /** Puts this picture in the form as the starting picture; `paint` opens the painting. */
  onStartFrom: (paint: boolean) => void;
  /** Starts enlarging this picture; answers what to say. */
  onEnlarge: (scale: EnlargeScale, faceEnhance: boolean) => Promise<string>;
  /** Deletes the picture's whole generation (it can be undone for a moment). */
  onDelete: () => void;
  /** The saved copy of a picture, downloaded instead of its link when there is one. */
  savedCopy?: SavedCopy;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (!element.open) {
      if (typeof element.showModal === 'function') element.showModal();
      else element.setAttribute('open', '');
    }
    // A click on the backdrop lands on the dialog itself (its content covers the rest).
    // For the keyboard, Escape does the same.
    const onBackdrop = (event: MouseEvent) => {
      if (event.target === element) close.current();
    };
    element.addEventListener('click', onBackdrop);
    return () => element.removeEventListener('click', onBackdrop);
  }, []);
  const downloads = useDownloads();
  // What was said about one picture is not said about the next.
  const [said, setSaid] = useState({ about: '', text: '' });
  const notice = said.about === picture.key ? said.text : '';
  const setNotice = (text: string) => setSaid({ about: picture.key, text });

  const hasPrevious = position > 0;
  const hasNext = position < count - 1;
  // On the whole page: a button that goes disabled under the focus leaves it on the body.
  const move = useRef(onMove);
  move.current = (step) => {
    if (step === 1 ? hasNext : hasPrevious) onMove(step);
  };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.key === 'ArrowRight') move.current(1);
      if (event.key === 'ArrowLeft') move.current(-1);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  const several = picture.generation.length > 1;
  // The source that did not load (a link that expired, with no copy saved).
  const [broken, setBroken] = useState<string>();
  const shownFrom = picture.src ?? picture.url;
  const [enlarging, setEnlarging] = useState(false);
  return (
    <dialog
      ref={dialog}
      aria-label="Full-size image"
      onClose={onClose}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      className="m-auto h-[min(92dvh,56rem)] max-h-none w-[min(94vw,84rem)] max-w-none overflow-hidden rounded-lg bg-zinc-950 p-0 text-zinc-100 backdrop:bg-black/75"
    >
      <div className="flex h-full flex-col lg:flex-row">
        <div className="relative flex min-h-0 flex-1 items-center justify-center bg-black p-2">
          {picture.finding ? null : broken === shownFrom ? (
            <p className="max-w-sm text-center text-sm text-zinc-300">{LINK_GONE_WORDS}</p>
          ) : (
            <img
              key={picture.key}
              src={shownFrom}
              alt={picture.alt}
              onError={() => setBroken(shownFrom)}
              className="max-h-full max-w-full object-contain"
            />
          )}
        </div>
        <div className="flex max-h-[48%] flex-col gap-3 overflow-y-auto p-4 lg:max-h-none lg:w-88">
          <div className="flex items-center justify-between gap-2">
            <p className="text-sm text-zinc-300">
              Picture {position + 1} of {count}
            </p>
            <Button size="sm" onClick={onClose} autoFocus>
              Close
            </Button>
          </div>
          <div className="flex gap-2">
            <Button
              size="sm"
              className="flex-1"
              disabled={!hasPrevious}
              onClick={() => onMove(-1)}
              title="Newer (←)"
            >
              ← Previous
            </Button>
            <Button
              size="sm"
              className="flex-1"
              disabled={!hasNext}
              onClick={() => onMove(1)}
              title="Older (→)"
            >
              Next →
            </Button>
          </div>

          <div className="flex flex-wrap gap-2">
            <Button
              size="sm"
              disabled={downloads.busy}
              onClick={() =>
                void downloads.run(async () => [
                  await downloadImage(picture.url, picture.fileName, undefined, savedCopy),
                ])
              }
            >
              Download
            </Button>
            {several ? (
              <Button
                size="sm"
                disabled={downloads.busy}
                onClick={() => void downloads.run(() => downloadAll(picture.generation, savedCopy))}
              >
                Download all {picture.generation.length}
              </Button>
            ) : null}
            {canCopyImages() ? (
              <Button
                size="sm"
                onClick={async () =>
                  setNotice(copyMessages[await copyImage(picture.src ?? picture.url)])
                }
              >
                Copy image
              </Button>
            ) : null}
            <Button
              size="sm"
              onClick={async () =>
                setNotice(
                  (await copyText(picture.prompt))
                    ? 'Prompt copied.'
                    : 'The browser did not let the app copy the prompt.',
                )
              }
            >
              Copy prompt
            </Button>
            {picture.seed ? (
              <Button
                size="sm"
                onClick={async () =>
                  setNotice(
                    (await copyText(picture.seed ?? ''))
                      ? 'Seed copied.'
                      : 'The browser did not let the app copy the seed.',
                  )
                }
              >
                Copy seed
              </Button>
            ) : null}
            <Button size="sm" onClick={onReuse}>
              Use these settings
            </Button>
            <Button size="sm" onClick={() => setNotice(onVary())}>
              Vary (new seed)
            </Button>
            <Button size="sm" onClick={() => onStartFrom(false)}>
              Use as starting picture
            </Button>
            <Button size="sm" onClick={() => onStartFrom(true)}>
              Fix a part
            </Button>
            <Button
              size="sm"
              aria-expanded={enlarging}
              aria-controls="enlarge-options"
              onClick={() => setEnlarging((open) => !open)}
            >
              Enlarge…
            </Button>
            {/* A generation goes as a whole: with several pictures, the button says so. */}
            <Button size="sm" variant="danger" onClick={onDelete}>
              {several ? `Delete all ${picture.generation.length}` : 'Delete'}
            </Button>
          </div>

          {enlarging ? (
            <EnlargeOptions
              size={picture.size}
              onEnlarge={async (scale, faceEnhance) => {
                setNotice(await onEnlarge(scale, faceEnhance));
                setEnlarging(false);
              }}
            />
          ) : null}

          <section aria-label="About this picture" className="flex flex-col gap-2 text-sm">
            <p className="break-words text-base text-white">{picture.prompt}</p>
            {picture.negativePrompt ? (
              <p className="break-words text-zinc-300">
                <span className="text-zinc-400">Without: </span>
                {picture.negativePrompt}
              </p>
            ) : null}
            {picture.ofGeneration ? <p className="text-zinc-300">{picture.ofGeneration}</p> : null}
            <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
              {picture.facts.map((fact) => (
                <div key={fact.label} className="contents">
                  <dt className="text-zinc-400">{fact.label}</dt>
                  <dd className="break-words font-mono text-zinc-100">{fact.value}</dd>
                </div>
              ))}
            </dl>
          </section>

          <p role="status" className="text-sm text-zinc-200 empty:hidden">
            {downloads.status || notice}
          </p>
        </div>
      </div>
    </dialog>
  );
}
