import {
  lazy,
  Suspense,
  startTransition,
  useDeferredValue,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { EnlargeScale } from '../../api/requestSchemas';
import { markStarted, useHydrating } from '../../lib/hydration';
import { tabId } from '../../lib/tabs';
import { Button } from '../../ui/Button';
import { useOnline } from '../../ui/useOnline';
import {
  addGeneration,
  deleteJob,
  type JobRecord,
  jobStore,
  NotifyToggle,
  pictureAlt,
  pictureKey,
  shownPictures,
  slotsInUse,
  tileSelector,
  undoDelete,
  useJobStoreState,
} from '../jobs';
import {
  forgetPictures as forgetSaved,
  pictureToSend,
  readSaved,
  usePictureSource,
} from '../pictures';
import {
  ImageViewer,
  imageFileName,
  loadViewer,
  openerSelector,
  PictureThumbs,
  type ViewerPicture,
} from '../results';
import { resolveConnection, settingsStore, useSettings } from '../settings';
import { type PickedPicture, uploadPicture } from '../startPicture';
import { type FirstPageTile, readFirstPage, saveFirstPage } from './firstPage';
import { HistoryToolbar } from './HistoryToolbar';
import { JobCard } from './JobCard';
import { matchesFilter } from './matchesFilter';
import { UndoToast } from './UndoToast';

/** Tiles rendered at first; more on request, so a long history opens at once. */
export const PAGE_SIZE = 24;

/**
 * Tiles in the first frame (about what the first screen shows); the rest of the page
 * follows in the next, so a long history paints its first pictures sooner.
 */
const FIRST_FRAME = 8;

/** Where the page is wide enough for the "Now making" strip beside the form (Tailwind `lg`). */
const WIDE = '(min-width: 64rem)';

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

type Picture = { job: JobRecord; index: number; url: string; key: string };

function viewerPicture({ job, index, url, key }: Picture): ViewerPicture {
  const { params } = job;
  const all = shownPictures(job);
  const fileName = (i: number, address: string) =>
    imageFileName(params.prompt, job.seed, i, address);
  return {
    key,
    url,
    alt: pictureAlt(job, index),
    fileName: fileName(index, url),
    prompt: params.prompt,
    negativePrompt: params.negative_prompt,
    seed: job.seed,
    size: { width: params.width, height: params.height },
    facts: [
      ...(job.kind === 'upscale'
        ? [
            {
              label: 'Enlarged',
              value: `${params.scale ?? 4}×${params.face_enhance ? ', faces improved' : ''}`,
            },
            { label: 'Size', value: `${params.width}×${params.height}` },
          ]
        : [
            { label: 'Model', value: params.model_id },
            ...(job.kind === 'img2img' || job.kind === 'inpaint'
              ? [
                  {
                    label: 'Started from',
                    value: `a picture${job.kind === 'inpaint' ? ', painted part repainted' : ''} (strength ${params.strength ?? 0.7})`,
                  },
                ]
              : []),
            { label: 'Size', value: `${params.width}×${params.height}` },
            { label: 'Seed', value: job.seed ?? 'not reported' },
            { label: 'Steps', value: String(params.num_inference_steps) },
            { label: 'Guidance', value: String(params.guidance_scale) },
          ]),
      { label: 'Made', value: timeFormat.format(job.createdAt) },
      ...(!job.generationTime || job.generationTime < 0.1
        ? []
        : [{ label: 'Took', value: `${job.generationTime.toFixed(1)} s` }]),
      ...(job.connection === 'sandbox' ? [{ label: 'Where', value: 'sandbox (simulated)' }] : []),
    ],
    ofGeneration:
      all.length > 1 ? `Image ${index + 1} of ${all.length} of this generation` : undefined,
    generation: all.map((address, i) => ({ url: address, fileName: fileName(i, address) })),
  };
}

/**
 * Rarely shown, so loaded when needed; what it needs of other features comes as props,
 * which keeps its chunk from pulling shared code out of the first load.
 */
/** Why a picture cannot be sent from the history yet: no key, or no address. */
const connectionFirst = (problem: 'key' | 'url') =>
  problem === 'key'
    ? 'Paste your API key under Connection first, or choose Sandbox.'
    : 'Enter the API address under Connection first.';

const UnreadableNotice = lazy(() => import('./UnreadableNotice'));

/** Once a deleted generation can no longer come back: its saved pictures go too. */
function forgetPictures(job: JobRecord) {
  const inUse = new Set(jobStore.list().flatMap((other) => other.images));
  const unused = job.images.filter((link) => !inUse.has(link));
  if (unused.length > 0) void forgetSaved(unused);
}

const gridClass =
  '@container grid grid-cols-[repeat(auto-fill,minmax(min(100%,10.5rem),1fr))] items-start gap-3';

/** The last visit's first page, painted while the history is read (see firstPage.ts). */
function FirstPagePreview({ tiles }: { tiles: FirstPageTile[] }) {
  return (
    <div aria-busy="true" className={gridClass} data-preview="">
      <p className="sr-only">Loading your pictures…</p>
      {tiles.map((tile) => (
        <div
          key={tile.localId}
          aria-hidden
          className="flex flex-col overflow-hidden rounded-xl bg-surface shadow-sm ring-1 ring-slate-200"
        >
          {tile.images.length > 0 ? (
            <PictureThumbs
              images={tile.images}
              alt={() => ''}
              width={tile.width}
              height={tile.height}
              keyOf={(i) => `preview:${tile.localId}:${i}`}
              onOpen={() => undefined}
              eager
              inert
            />
          ) : (
            <div className="aspect-square bg-slate-100" />
          )}
          <p className="line-clamp-2 p-3 text-sm font-medium break-words text-slate-900">
            {tile.prompt}
          </p>
        </div>
      ))}
    </div>
  );
}

/**
 * Every generation, this visit's and earlier ones, newest first, as a grid of tiles. Any
 * picture opens the viewer, which moves across the whole (filtered) history. A deleted
 * generation can be brought back for a few seconds.
 */
export function HistoryList({
  onReuse,
  onStartFrom,
}: {
  onReuse: (job: JobRecord) => void;
  /** Puts a picture in the form to start from; `paint` opens the painting at once. */
  onStartFrom: (picture: PickedPicture, paint: boolean) => void;
}) {
  const { jobs, loaded, storageProblem, unreadable } = useJobStoreState();
  const settings = useSettings();
  const { queueLimit } = settings;
  const online = useOnline();
  const [filter, setFilter] = useState('');
  const [shown, setShown] = useState(PAGE_SIZE);
  const deferredFilter = useDeferredValue(filter);
  // Not while hydrating: the prerendered page has no tiles (docs/architecture.md).
  const hydrating = useHydrating();
  const preview = useMemo(() => (hydrating ? [] : readFirstPage(FIRST_FRAME)), [hydrating]);
  useEffect(() => {
    if (!hydrating) markStarted('pictures');
  }, [hydrating]);
  const [viewing, setViewing] = useState<string | null>(null);
  const [undo, setUndo] = useState<JobRecord | null>(null);
  /** What gets focus once the page has rendered (the viewer closed, a tile went or came back). */
  const focusNext = useRef<string | null>(null);

  const used = {
    sandbox: slotsInUse(jobs, true, settings),
    real: slotsInUse(jobs, false, settings),
  };
  const slotsFor = (job: JobRecord) => ({
    used: job.connection === 'sandbox' ? used.sandbox : used.real,
    limit: queueLimit,
  });
  const matching = useMemo(
    () => (deferredFilter ? jobs.filter((job) => matchesFilter(job, deferredFilter)) : jobs),
    [jobs, deferredFilter],
  );
  const [firstFrame, setFirstFrame] = useState(true);
  const visible = matching.slice(0, firstFrame ? Math.min(shown, FIRST_FRAME) : shown);
  useEffect(() => {
    if (firstFrame && visible.length > 0) startTransition(() => setFirstFrame(false));
  }, [firstFrame, visible.length]);
  const pictures = useMemo(
    () =>
      matching.flatMap((job) =>
        job.state === 'done'
          ? shownPictures(job).map((url, index) => ({
              job,
              index,
              url,
              key: pictureKey(job, index),
            }))
          : [],
      ),
    [matching],
  );
  const position = viewing === null ? -1 : pictures.findIndex((p) => p.key === viewing);
  const current = pictures[position];
  const currentSource = usePictureSource(current?.url);

  useEffect(() => {
    if (loaded) saveFirstPage(jobs, FIRST_FRAME);
  }, [jobs, loaded]);

  useEffect(() => {
    if (!focusNext.current) return;
    const target = document.querySelector<HTMLElement>(focusNext.current);
    if (target) {
      target.focus();
      focusNext.current = null;
    }
  });

  // A picture deleted or filtered away while it was open (another tab, say): close.
  useEffect(() => {
    if (viewing !== null && position === -1) setViewing(null);
  }, [viewing, position]);

  // On narrow screens (no "Now making" strip) a generation started here is scrolled into view.
  const openedAt = useRef(Date.now());
  const announced = useRef(new Set<string>());
  useEffect(() => {
    const fresh = jobs.find(
      (job) =>
        job.sender === tabId &&
        job.state === 'waiting' &&
        job.createdAt >= openedAt.current &&
        !announced.current.has(job.localId),
    );
    if (!fresh) return;
    announced.current.add(fresh.localId);
    if (typeof window.matchMedia !== 'function' || window.matchMedia(WIDE).matches) return;
    const tile = document.querySelector(tileSelector(fresh.localId));
    const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    tile?.scrollIntoView?.({ block: 'nearest', behavior: reduce ? 'auto' : 'smooth' });
  }, [jobs]);

  /** Makes sure the tile of `job` is rendered (it may be past the page shown). */
  const reveal = (job: JobRecord) => {
    const at = matching.findIndex((j) => j.localId === job.localId);
    if (at >= shown) setShown(Math.ceil((at + 1) / PAGE_SIZE) * PAGE_SIZE);
  };

  const [viewerTrouble, setViewerTrouble] = useState(false);
  const open = (job: JobRecord, index: number) => {
    const key = pictureKey(job, index);
    loadViewer().then(
      () => {
        setViewerTrouble(false);
        setViewing(key);
      },
      () => setViewerTrouble(true),
    );
  };
  const closeViewer = () => {
    if (current) {
      reveal(current.job);
      focusNext.current = openerSelector(current.key);
    }
    setViewing(null);
  };
  const remove = (job: JobRecord) => {
    const at = visible.findIndex((j) => j.localId === job.localId);
    const neighbour = visible[at + 1] ?? visible[at - 1];
    focusNext.current = neighbour ? tileSelector(neighbour.localId) : '#history-heading';
    setViewing(null);
    const removed = deleteJob(job.localId);
    if (!removed) return;
    // The earlier delete's Undo goes away: that one is for good now.
    if (undo) forgetPictures(undo);
    setUndo(removed);
  };
  const restore = (job: JobRecord) => {
    undoDelete(job);
    reveal(job);
    focusNext.current = tileSelector(job.localId);
    setUndo(null);
  };
  /** "Vary": the same settings with a new seed, sent at once to the connection chosen now. */
  const vary = (job: JobRecord) => {
    const target = resolveConnection(settingsStore.get());
    if (!target.ok) return connectionFirst(target.problem);
    // A sandbox picture is held in the page, where ModelsLab cannot download it.
    if (target.connection.kind !== 'sandbox' && job.params.init_image?.startsWith('data:')) {
      return 'It started from a sandbox picture: use "Use these settings" to send it again.';
    }
    addGeneration({ ...job.params, seed: null }, target.connection, job.kind);
    return 'Making a variation: it appears first in your pictures.';
  };

  /** A picture at a web address is used by its link; one held in the page goes up first. */
  const startFrom = async (job: JobRecord, url: string, paint: boolean) => {
    setViewing(null);
    const picture = await pictureToSend(url, job.finishedAt ?? job.createdAt);
    onStartFrom(
      { url: picture, width: job.params.width, height: job.params.height, source: 'url' },
      paint,
    );
  };
  /** "Enlarge": a new generation of its own, linked to the picture it enlarges. */
  const enlarge = async (
    job: JobRecord,
    index: number,
    url: string,
    scale: EnlargeScale,
    faceEnhance: boolean,
  ) => {
    const target = resolveConnection(settingsStore.get());
    if (!target.ok) return connectionFirst(target.problem);
    let link = await pictureToSend(url, job.finishedAt ?? job.createdAt);
    if (!/^https?:/i.test(link)) {
      try {
        link = await uploadPicture(link, undefined, true);
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      }
    }
    const { mask_image: _mask, strength: _strength, ...params } = job.params;
    addGeneration(
      {
        ...params,
        init_image: link,
        scale,
        face_enhance: faceEnhance,
        samples: 1,
        width: params.width * scale,
        height: params.height * scale,
      },
      target.connection,
      'upscale',
      { localId: job.localId, picture: index },
    );
    return `Enlarging ${scale}×: it appears first in your pictures.`;
  };

  return (
    <section aria-labelledby="history-heading" className="flex flex-col gap-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2
          id="history-heading"
          tabIndex={-1}
          className="text-base font-semibold text-slate-900 focus:outline-none"
        >
          Your pictures
        </h2>
        <p className="text-xs text-slate-500">
          {jobs.length} {jobs.length === 1 ? 'generation' : 'generations'}, kept in this browser
        </p>
        <div className="basis-full">
          <NotifyToggle />
        </div>
      </div>

      {storageProblem ? (
        <p
          role="alert"
          className="rounded-lg bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200"
        >
          {storageProblem === 'full'
            ? "Your browser's storage for this site is full: new pictures are shown but not saved for your next visit. Nothing already saved was lost. Delete old generations or export the history to make room."
            : 'This browser does not let the app save your history (private browsing?). Pictures are shown but will be gone when you close the page: download the ones you want to keep.'}
        </p>
      ) : null}

      {unreadable.length > 0 ? (
        <Suspense fallback={null}>
          <UnreadableNotice
            rows={unreadable}
            removeUnreadable={jobStore.removeUnreadable}
            apiKey={() => settingsStore.get().apiKey}
          />
        </Suspense>
      ) : null}

      {loaded || jobs.length > 0 ? (
        <HistoryToolbar
          filter={filter}
          onFilterChange={(value) => {
            setFilter(value);
            setShown(PAGE_SIZE);
          }}
        />
      ) : null}

      {jobs.length === 0 && !loaded && preview.length > 0 ? (
        <FirstPagePreview tiles={preview} />
      ) : jobs.length === 0 ? (
        <p className="rounded-xl border border-dashed border-slate-300 p-8 text-center text-sm text-slate-500">
          {loaded ? 'Your pictures will appear here.' : 'Loading your pictures…'}
        </p>
      ) : null}

      {jobs.length > 0 && matching.length === 0 ? (
        <p className="text-sm text-slate-600">No generation matches “{filter}”.</p>
      ) : null}

      {visible.length > 0 ? (
        <div className={gridClass}>
          {visible.map((job, index) => (
            <JobCard
              key={job.localId}
              eager={index < FIRST_FRAME}
              job={job}
              slots={slotsFor(job)}
              online={online}
              onReuse={onReuse}
              onOpen={open}
              onDelete={remove}
            />
          ))}
        </div>
      ) : null}

      {matching.length > visible.length ? (
        <Button onClick={() => setShown((count) => count + PAGE_SIZE)}>
          Show more ({matching.length - visible.length} more)
        </Button>
      ) : null}

      {viewerTrouble ? (
        <p role="alert" className="text-sm text-red-800">
          The picture viewer could not be loaded (is the network down, or was the app updated?).
          Reload the page to try again.
        </p>
      ) : null}

      {current ? (
        <Suspense fallback={null}>
          <ImageViewer
            picture={{
              ...viewerPicture(current),
              finding: currentSource.from === 'reading',
              src: currentSource.from === 'saved' ? currentSource.src : undefined,
            }}
            savedCopy={(link) => readSaved(link)}
            position={position}
            count={pictures.length}
            onMove={(step) => {
              const next = pictures[position + step];
              if (next) setViewing(next.key);
            }}
            onClose={closeViewer}
            onReuse={() => {
              setViewing(null);
              onReuse(current.job);
            }}
            onVary={() => vary(current.job)}
            onStartFrom={(paint) => void startFrom(current.job, current.url, paint)}
            onEnlarge={(scale, faceEnhance) =>
              enlarge(current.job, current.index, current.url, scale, faceEnhance)
            }
            onDelete={() => remove(current.job)}
          />
        </Suspense>
      ) : null}

      {undo ? (
        <UndoToast
          key={undo.localId}
          prompt={undo.params.prompt}
          onUndo={() => restore(undo)}
          onExpire={() => {
            forgetPictures(undo);
            setUndo(null);
          }}
        />
      ) : null}
    </section>
  );
}
