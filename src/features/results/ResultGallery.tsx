import { useEffect, useRef, useState } from 'react';
import { Button } from '../../ui/Button';
import { downloadImage, imageFileName } from './download';
import { ImageViewer } from './ImageViewer';
import { useDownloads } from './useDownloads';

/** The pictures of one generation: open any full size, download, see the seed. */
export function ResultGallery({
  images,
  prompt,
  seed,
}: {
  images: string[];
  prompt: string;
  seed?: string;
}) {
  const [open, setOpen] = useState<number | null>(null);
  const openers = useRef<Array<HTMLButtonElement | null>>([]);
  const returnTo = useRef<number | null>(null);
  const close = () => {
    returnTo.current = open;
    setOpen(null);
  };
  useEffect(() => {
    // Back to the picture that was showing, once the modal (and its inert backdrop) is gone.
    if (open === null && returnTo.current !== null) {
      openers.current[returnTo.current]?.focus();
      returnTo.current = null;
    }
  }, [open]);
  const alt = (i: number) => `${prompt} (image ${i + 1} of ${images.length})`;
  const downloads = useDownloads();
  const download = (i: number) => {
    const url = images[i];
    if (url)
      void downloads.run(async () => [
        await downloadImage(url, imageFileName(prompt, seed, i, url)),
      ]);
  };
  return (
    <div className="flex flex-col gap-2">
      <ul className={images.length > 1 ? 'grid grid-cols-2 gap-2' : 'grid max-w-md grid-cols-1'}>
        {images.map((url, i) => (
          <li key={url} className="group relative overflow-hidden rounded-md bg-slate-100">
            <button
              ref={(element) => {
                openers.current[i] = element;
              }}
              type="button"
              onClick={() => setOpen(i)}
              className="block w-full cursor-zoom-in focus-visible:outline-2 focus-visible:outline-indigo-600"
              aria-label={`Open image ${i + 1} full size`}
            >
              <img
                src={url}
                alt={alt(i)}
                className="aspect-auto w-full object-contain"
                loading="lazy"
              />
            </button>
            <Button
              size="sm"
              className="absolute top-2 right-2 opacity-90"
              onClick={() => download(i)}
              aria-label={`Download image ${i + 1}`}
            >
              Download
            </Button>
          </li>
        ))}
      </ul>
      <p role="status" className="text-xs text-slate-700 empty:hidden">
        {downloads.status}
      </p>
      {seed ? (
        <p className="text-xs text-slate-600">
          Seed <span className="font-mono text-slate-800">{seed}</span> — use it to make the same
          picture again.
        </p>
      ) : null}
      {open !== null ? (
        <ImageViewer
          images={images}
          index={open}
          alt={alt}
          onIndexChange={setOpen}
          onClose={close}
          onDownload={download}
          downloadStatus={downloads.status}
        />
      ) : null}
    </div>
  );
}
