import { useEffect, useState } from 'react';
import { mayHaveCopies, readSaved } from './pictureStore';

/**
 * Where a picture is shown from: its saved copy when there is one (an object URL), else
 * its link; `reading` while storage is asked, so a picture with a copy never starts a
 * request to its link (nor shows a broken image while the link is tried).
 */
export type PictureSource =
  | { from: 'reading' }
  | { from: 'saved'; src: string }
  | { from: 'link'; src: string };

/**
 * Object URLs of the saved copies on screen, shared by every place that shows the same
 * picture (a tile and the viewer), revoked once the last one stops showing it.
 */
const shown = new Map<string, { url: string; users: number }>();

function hold(link: string, blob: Blob): string {
  const held = shown.get(link) ?? { url: URL.createObjectURL(blob), users: 0 };
  held.users += 1;
  shown.set(link, held);
  return held.url;
}

function release(link: string) {
  const held = shown.get(link);
  if (!held) return;
  held.users -= 1;
  // Not at once: a place drawn meanwhile (a render in a transition, done before this and
  // committed after it) may show this URL from its first render, and holds it only when
  // its effect runs. Revoked before that, its picture fails to load.
  setTimeout(() => {
    if (held.users > 0 || shown.get(link) !== held) return;
    shown.delete(link);
    URL.revokeObjectURL(held.url);
  }, RELEASE_AFTER_MS);
}

/** Longer than a render takes to be committed and have its effects run, on a busy phone. */
const RELEASE_AFTER_MS = 2000;

/** Only web links expire; `data:` pictures (the sandbox's) are inline already. */
const isWebLink = (link: string) => /^https?:/i.test(link);

/** Where to show the picture at `link` from (see `PictureSource`). */
export function usePictureSource(link: string | undefined): PictureSource {
  const [found, setFound] = useState<{ link: string; url?: string }>();
  // A web link, in a browser that has kept pictures: its copy is looked for. Asked again
  // when the link changes: a place mounted for the whole visit (the viewer) would
  // otherwise miss the first copies kept meanwhile (an import, in a browser that had none).
  const [copies, setCopies] = useState(() => ({ link, may: mayHaveCopies() }));
  let may = copies.may;
  if (copies.link !== link) {
    may = mayHaveCopies();
    setCopies({ link, may });
  }
  const web = link !== undefined && isWebLink(link) && may;
  useEffect(() => {
    if (!link || !web) return;
    let alive = true;
    let held = false;
    const already = shown.get(link);
    if (already) {
      already.users += 1;
      held = true;
      setFound({ link, url: already.url });
    } else {
      readSaved(link).then(
        (blob) => {
          if (!alive) return;
          if (!blob || typeof URL.createObjectURL !== 'function') {
            setFound({ link });
            return;
          }
          held = true;
          setFound({ link, url: hold(link, blob) });
        },
        // No storage (private mode): the link it is.
        () => alive && setFound({ link }),
      );
    }
    return () => {
      alive = false;
      if (held) release(link);
    };
  }, [link, web]);
  if (link === undefined) return { from: 'reading' };
  if (!web) return { from: 'link', src: link };
  if (found?.link === link) {
    return found.url ? { from: 'saved', src: found.url } : { from: 'link', src: link };
  }
  const already = shown.get(link);
  return already ? { from: 'saved', src: already.url } : { from: 'reading' };
}
