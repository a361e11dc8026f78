import { useEffect, useRef, useState } from 'react';
import { Button } from '../../ui/Button';
import { MaskEditor, type MaskResult } from '../maskEditor';

type Size = { width: number; height: number };

/**
 * The picture's own size, measured: the painted part must match it pixel for pixel, and a
 * size read from a record or an answer could be anything.
 */
function useNaturalSize(url: string) {
  const [size, setSize] = useState<Size | 'failed'>();
  useEffect(() => {
    const image = new Image();
    image.onload = () => setSize({ width: image.naturalWidth, height: image.naturalHeight });
    image.onerror = () => setSize('failed');
    image.src = url;
    return () => {
      image.onload = null;
      image.onerror = null;
    };
  }, [url]);
  return size;
}

/** Painting holds a byte per pixel and redraws it all on undo: larger would freeze the page. */
const MAX_PIXELS = 4096 * 4096;

/**
 * "Paint the part to change", in a modal dialog: the mask editor over the starting
 * picture; the painting is uploaded like any local picture and its link handed back.
 */
export default function PaintPartDialog({
  imageUrl,
  upload,
  onDone,
  onClose,
}: {
  imageUrl: string;
  /** Uploads the painting (a data URL), answering its link or a plain-words Error. */
  upload: (dataUrl: string, signal: AbortSignal) => Promise<string>;
  onDone: (maskLink: string) => void;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const measured = useNaturalSize(imageUrl);
  const size =
    measured !== 'failed' && measured && measured.width * measured.height > MAX_PIXELS
      ? 'too large'
      : measured;
  const [status, setStatus] = useState<{ busy: boolean; text: string }>({ busy: false, text: '' });
  const uploading = useRef<AbortController>(undefined);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) {
      if (typeof element.showModal === 'function') element.showModal();
      else element.setAttribute('open', '');
    }
    return () => uploading.current?.abort();
  }, []);
  const close = () => {
    uploading.current?.abort();
    onClose();
  };
  const use = async (mask: MaskResult) => {
    if (mask.coverage === 0) {
      setStatus({ busy: false, text: 'Nothing is painted yet: paint over the part to change.' });
      return;
    }
    uploading.current?.abort();
    const controller = new AbortController();
    uploading.current = controller;
    setStatus({ busy: true, text: 'Uploading the painted part…' });
    try {
      onDone(await upload(mask.dataUrl, controller.signal));
    } catch (error) {
      if (controller.signal.aborted) return;
      setStatus({ busy: false, text: error instanceof Error ? error.message : String(error) });
    }
  };
  return (
    <dialog
      ref={dialog}
      aria-label="Paint the part to change"
      onCancel={(event) => {
        event.preventDefault();
        close();
      }}
      className="m-auto h-[min(94dvh,56rem)] max-h-none w-[min(96vw,72rem)] max-w-none overflow-hidden rounded-lg bg-surface p-3 text-slate-900 backdrop:bg-black/60 open:flex open:flex-col"
    >
      {size === 'too large' ? (
        <div className="flex flex-col gap-3">
          <p role="alert" className="text-sm text-red-800">
            This picture is too large to paint on here. Choose it as a file instead (“Start from a
            picture…”): it is then made smaller first.
          </p>
          <Button className="self-start" onClick={close}>
            Close
          </Button>
        </div>
      ) : size === 'failed' ? (
        <div className="flex flex-col gap-3">
          <p role="alert" className="text-sm text-red-800">
            The starting picture could not be loaded here, so there is nothing to paint on. Check
            your connection, or choose the picture again.
          </p>
          <Button className="self-start" onClick={close}>
            Close
          </Button>
        </div>
      ) : size ? (
        <div className="min-h-0 flex-1">
          <MaskEditor
            imageUrl={imageUrl}
            width={size.width}
            height={size.height}
            onDone={(mask) => void use(mask)}
            onCancel={close}
          />
        </div>
      ) : (
        <p className="text-sm">Loading the picture…</p>
      )}
      <p
        role={status.busy ? 'status' : 'alert'}
        className="mt-2 text-sm text-slate-700 empty:hidden"
      >
        {status.text}
      </p>
    </dialog>
  );
}
