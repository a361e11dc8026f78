import {
  type ChangeEvent,
  type ClipboardEvent,
  type DragEvent,
  type KeyboardEvent,
  useEffect,
  useId,
  useRef,
  useState,
} from 'react';
import { Button } from '../../ui/Button';
import { cn } from '../../ui/cn';
import { inputClass } from '../../ui/Field';
import { hasFiles, imageFileFromDrop, imageFileFromPaste } from './imageFromEvent';
import { checkPictureAddress } from './pictureAddress';
import { PictureError, type PreparedImage, prepareImage } from './prepareImage';

/** The starting picture once chosen: a link the service can download. */
export type PickedPicture = {
  url: string;
  /** Known for a file (its size as sent); unknown for an address. */
  width?: number;
  height?: number;
  /** What was changed to send it ("Scaled down from … to …"), to show the person. */
  note?: string;
  source: 'file' | 'url';
};

export type StartPicturePickerProps = {
  /** Sends the data URL to the upload endpoint; answers the uploaded picture's link. Rejects with an Error in plain words. */
  upload: (dataUrl: string, signal: AbortSignal) => Promise<string>;
  onPicked: (picture: PickedPicture) => void;
  /** The API key now set: an address holding it is refused. */
  apiKey?: string;
  /** A file dropped or pasted elsewhere on the form: taken as soon as it is given. */
  pendingFile?: File;
  /** Closes the picker without a picture (a "Close" button shows when given). */
  onCancel?: () => void;
};

type Step = { name: 'idle' } | { name: 'preparing' } | { name: 'uploading'; preview: string };
type Problem = { text: string; retry?: PreparedImage };

const UPLOAD_FAILED = 'The picture could not be uploaded. Check your connection and try again.';

function uploadMessage(error: unknown): string {
  return error instanceof Error && error.message && error.name !== 'AbortError'
    ? error.message
    : UPLOAD_FAILED;
}

/** A web link, or the picture inline (the sandbox keeps uploads so, having no server). */
const isWebLink = (link: unknown): link is string =>
  typeof link === 'string' && /^(https?:\/\/|data:image\/)/i.test(link);

/**
 * Where a person chooses the picture to start from: a file (button, drop, paste) that is
 * prepared and uploaded here, or a public address the service downloads itself.
 * Loaded on demand: the app imports this module when the picker is first shown.
 */
export default function StartPicturePicker({
  upload,
  onPicked,
  apiKey,
  pendingFile,
  onCancel,
}: StartPicturePickerProps) {
  const [step, setStep] = useState<Step>({ name: 'idle' });
  const [problem, setProblem] = useState<Problem | null>(null);
  const [said, setSaid] = useState('');
  const [dragging, setDragging] = useState(false);
  const [address, setAddress] = useState('');
  const [addressProblem, setAddressProblem] = useState('');
  const fileInput = useRef<HTMLInputElement>(null);
  const chooseButton = useRef<HTMLButtonElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  /** The work under way; a newer file, a Cancel or leaving the page abandons it. */
  const work = useRef<AbortController | null>(null);
  const ids = {
    address: useId(),
    hint: useId(),
    error: useId(),
  };

  const begin = () => {
    work.current?.abort();
    const controller = new AbortController();
    work.current = controller;
    setProblem(null);
    setSaid('');
    return controller;
  };
  const isCurrent = (controller: AbortController) =>
    work.current === controller && !controller.signal.aborted;
  const end = () => {
    work.current = null;
    setStep({ name: 'idle' });
    // The Cancel button goes away: keep the keyboard in the picker.
    if (cancelButton.current && cancelButton.current === document.activeElement) {
      chooseButton.current?.focus();
    }
  };

  const send = async (prepared: PreparedImage, controller: AbortController) => {
    setStep({ name: 'uploading', preview: prepared.dataUrl });
    let link: string;
    try {
      link = await upload(prepared.dataUrl, controller.signal);
    } catch (error) {
      if (!isCurrent(controller)) return;
      end();
      setProblem({ text: uploadMessage(error), retry: prepared });
      return;
    }
    if (!isCurrent(controller)) return;
    end();
    if (!isWebLink(link)) {
      setProblem({
        text: 'The upload did not answer with a link to the picture. Try again.',
        retry: prepared,
      });
      return;
    }
    onPicked({
      url: link,
      width: prepared.width,
      height: prepared.height,
      ...(prepared.note ? { note: prepared.note } : {}),
      source: 'file',
    });
  };

  const takeFile = async (file: File) => {
    const controller = begin();
    setStep({ name: 'preparing' });
    let prepared: PreparedImage;
    try {
      prepared = await prepareImage(file);
    } catch (error) {
      if (!isCurrent(controller)) return;
      end();
      setProblem({
        text:
          error instanceof PictureError
            ? error.message
            : 'The browser could not read this file. Try again, or choose another picture.',
      });
      return;
    }
    if (isCurrent(controller)) await send(prepared, controller);
  };

  const cancel = () => {
    work.current?.abort();
    end();
    setSaid('Upload cancelled.');
  };

  const take = useRef(takeFile);
  take.current = takeFile;
  useEffect(() => {
    if (pendingFile) void take.current(pendingFile);
  }, [pendingFile]);
  useEffect(() => () => work.current?.abort(), []);

  const onFileChosen = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    // Cleared, so choosing the same file again (after a failure) is a change too.
    event.target.value = '';
    if (file) void takeFile(file);
  };
  const onDragOver = (event: DragEvent) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setDragging(true);
  };
  const onDragLeave = (event: DragEvent<HTMLElement>) => {
    if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
  };
  const onDrop = (event: DragEvent) => {
    setDragging(false);
    const file = imageFileFromDrop(event);
    if (!file) return;
    // Handled here: the form's own drop handler must not take the same file again.
    event.preventDefault();
    event.stopPropagation();
    void takeFile(file);
  };
  const onPaste = (event: ClipboardEvent) => {
    const file = imageFileFromPaste(event);
    if (!file) return; // pasted text goes where it was pasted
    event.preventDefault();
    event.stopPropagation();
    void takeFile(file);
  };

  const takeAddress = () => {
    const checked = checkPictureAddress(address, apiKey);
    if (!checked.ok) {
      setAddressProblem(checked.problem);
      return;
    }
    setAddressProblem('');
    work.current?.abort();
    end();
    setProblem(null);
    setSaid('');
    onPicked({ url: checked.url, source: 'url' });
  };
  const onAddressKey = (event: KeyboardEvent<HTMLInputElement>) => {
    // The picker sits inside the generate form: Enter here uses the address, not Generate.
    if (event.key !== 'Enter') return;
    event.preventDefault();
    takeAddress();
  };

  const busy = step.name !== 'idle';
  return (
    <fieldset className="flex min-w-0 flex-col gap-4" onPaste={onPaste}>
      <legend className="sr-only">Choose a starting picture</legend>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: a drop target for the mouse; the button inside does the same for everyone */}
      <div
        onDragEnter={onDragOver}
        onDragOver={onDragOver}
        onDragLeave={onDragLeave}
        onDrop={onDrop}
        className={cn(
          'flex flex-col items-center gap-2 rounded-lg border-2 border-dashed px-4 py-6 text-center transition-colors',
          dragging ? 'border-indigo-600 bg-indigo-50' : 'border-slate-300',
        )}
      >
        <p className="text-sm text-slate-700">Drop a picture here, or paste one</p>
        <Button ref={chooseButton} onClick={() => fileInput.current?.click()}>
          Choose a picture…
        </Button>
        <input
          ref={fileInput}
          type="file"
          accept="image/*"
          hidden
          tabIndex={-1}
          onChange={onFileChosen}
        />
        <p className="text-xs text-slate-500">
          PNG, JPEG or WebP. Large pictures are made smaller here before they are sent (up to 5 MB).
        </p>
      </div>

      {/* One live region for every step, so each change is announced. */}
      <div
        className={cn(
          'flex items-center gap-3',
          busy ? 'rounded-md bg-slate-50 p-3 ring-1 ring-slate-200' : null,
          busy || said ? null : 'sr-only',
        )}
      >
        {step.name === 'uploading' ? (
          <img src={step.preview} alt="" className="size-12 shrink-0 rounded object-cover" />
        ) : null}
        <p role="status" className="flex-1 text-sm text-slate-700">
          {step.name === 'preparing'
            ? 'Preparing the picture…'
            : step.name === 'uploading'
              ? 'Uploading the picture…'
              : said}
        </p>
        {busy ? (
          <Button ref={cancelButton} size="sm" onClick={cancel}>
            Cancel
          </Button>
        ) : null}
      </div>

      {problem ? (
        <div
          role="alert"
          className="flex flex-wrap items-center gap-3 rounded-md bg-red-50 p-3 text-sm text-red-800 ring-1 ring-red-200"
        >
          <p className="flex-1">{problem.text}</p>
          {problem.retry ? (
            <Button
              size="sm"
              onClick={() => {
                const prepared = problem.retry;
                if (prepared) void send(prepared, begin());
              }}
            >
              Try again
            </Button>
          ) : null}
        </div>
      ) : null}

      <div className="flex flex-col gap-1">
        <label htmlFor={ids.address} className="text-sm font-medium text-slate-800">
          Picture address (URL)
        </label>
        <div className="flex flex-wrap gap-2">
          <input
            id={ids.address}
            type="text"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            placeholder="https://"
            value={address}
            onChange={(event) => {
              setAddress(event.target.value);
              if (addressProblem) setAddressProblem('');
            }}
            onKeyDown={onAddressKey}
            aria-invalid={Boolean(addressProblem)}
            aria-describedby={addressProblem ? `${ids.error} ${ids.hint}` : ids.hint}
            className={cn(inputClass, 'min-w-0 flex-1')}
          />
          <Button onClick={takeAddress}>Use this address</Button>
        </div>
        {addressProblem ? (
          <p id={ids.error} className="text-sm text-red-700">
            {addressProblem}
          </p>
        ) : null}
        <p id={ids.hint} className="text-xs text-slate-500">
          The service downloads the picture from this address itself, so it must be public: not
          behind a sign-in, and not only on your computer.
        </p>
      </div>

      {onCancel ? (
        <div>
          <Button variant="ghost" onClick={onCancel}>
            Close
          </Button>
        </div>
      ) : null}
    </fieldset>
  );
}
