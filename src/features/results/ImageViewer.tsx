import { useEffect, useRef } from 'react';
import { Button } from '../../ui/Button';

/** A full-size view of one image in a modal dialog (Escape closes, arrows move). */
export function ImageViewer({
  images,
  index,
  alt,
  onIndexChange,
  onClose,
  onDownload,
  downloadStatus,
}: {
  images: string[];
  index: number;
  alt: (index: number) => string;
  onIndexChange: (index: number) => void;
  onClose: () => void;
  onDownload: (index: number) => void;
  /** Shown here too: the page behind the viewer cannot be seen or read meanwhile. */
  downloadStatus: string;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) {
      if (typeof element.showModal === 'function') element.showModal();
      else element.setAttribute('open', '');
    }
  }, []);
  const count = images.length;
  const move = (step: number) => onIndexChange((index + step + count) % count);
  return (
    <dialog
      ref={dialog}
      aria-label="Full-size image"
      onClose={onClose}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onKeyDown={(event) => {
        if (event.key === 'ArrowRight' && count > 1) move(1);
        if (event.key === 'ArrowLeft' && count > 1) move(-1);
      }}
      className="m-auto max-h-[95vh] max-w-[95vw] rounded-lg bg-slate-900 p-3 text-white backdrop:bg-black/70"
    >
      <img
        src={images[index]}
        alt={alt(index)}
        className="max-h-[80vh] max-w-full object-contain"
      />
      <div className="mt-3 flex flex-wrap items-center justify-between gap-2">
        <span className="text-sm text-slate-300">
          Image {index + 1} of {count}
        </span>
        <div className="flex gap-2">
          {count > 1 ? (
            <>
              <Button size="sm" onClick={() => move(-1)}>
                Previous
              </Button>
              <Button size="sm" onClick={() => move(1)}>
                Next
              </Button>
            </>
          ) : null}
          <Button size="sm" onClick={() => onDownload(index)}>
            Download
          </Button>
          <Button size="sm" onClick={onClose} autoFocus>
            Close
          </Button>
        </div>
      </div>
      <p role="status" className="mt-2 max-w-prose text-sm text-slate-200 empty:hidden">
        {downloadStatus}
      </p>
    </dialog>
  );
}
