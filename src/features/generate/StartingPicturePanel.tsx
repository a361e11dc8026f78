import { lazy, Suspense, useEffect, useId, useRef, useState } from 'react';
import { type UseFormReturn, useWatch } from 'react-hook-form';
import { Button } from '../../ui/Button';
import { inputClass } from '../../ui/Field';
import type { PickedPicture, StartPicturePickerProps } from '../startPicture';
import type { GenerateFormOutput, GenerateFormValues } from './generateSchema';
import { pictureFile } from './pictureFile';

type Form = UseFormReturn<GenerateFormValues, unknown, GenerateFormOutput>;
type Upload = (dataUrl: string, signal: AbortSignal) => Promise<string>;

/** Loaded when a person first paints a part: the editor is large and most never use it. */
const PaintPartDialog = lazy(() => import('./PaintPartDialog'));

/**
 * The size Generate asks for to keep a picture's shape: its own size when that fits,
 * else scaled down to 1024 on its longer side; within 256–1024, in steps of 8.
 */
export function sizeForPicture(width: number, height: number): { width: number; height: number } {
  const fit = Math.min(1, 1024 / width, 1024 / height);
  const side = (n: number) => Math.min(1024, Math.max(256, Math.round((n * fit) / 8) * 8));
  return { width: side(width), height: side(height) };
}

/**
 * The starting picture, once one is being chosen or is chosen (loaded then: most never
 * use it). Choosing one makes Generate change that picture (image to image), and painting
 * a part of it makes Generate repaint only that part (inpaint). `offered` is a file
 * dropped or pasted on the form, or a result's picture to start from. The picker and the
 * upload come from the form, so this chunk imports no other feature.
 */
export default function StartingPicturePanel({
  form,
  offered,
  onOfferTaken,
  paintRequested,
  onPaintHandled,
  choosing,
  onChoosingChange: setChoosing,
  Picker,
  upload,
  apiKey,
  inSandbox,
}: {
  /** The key now set (an address holding it is refused), and where requests go now. */
  apiKey: string;
  inSandbox: boolean;
  form: Form;
  choosing: boolean;
  onChoosingChange: (choosing: boolean) => void;
  Picker: React.ComponentType<StartPicturePickerProps>;
  upload: Upload;
  /** A file to prepare and upload, or a picture already at a web address. */
  offered?: File | PickedPicture;
  onOfferTaken: () => void;
  /** Opens the painting as soon as the picture is there ("Fix a part" on a result). */
  paintRequested?: boolean;
  onPaintHandled: () => void;
}) {
  const { control, setValue, formState } = form;
  const [initImage, maskImage, strength] = useWatch({
    control,
    name: ['initImage', 'maskImage', 'strength'],
  });
  const [note, setNote] = useState('');
  const [painting, setPainting] = useState(false);
  // Where the focus goes back to when the painting closes.
  const paintButton = useRef<HTMLButtonElement>(null);
  // A starting picture the browser could not show (a private or broken address).
  const [unseen, setUnseen] = useState('');
  const hintId = useId();
  const errors = formState.errors;
  const validate = { shouldValidate: formState.isSubmitted, shouldDirty: true };

  // The picker that had the focus is gone once a picture is chosen: the focus goes to
  // what replaced it, not to the page.
  const chosenRef = useRef<HTMLFieldSetElement>(null);
  const focusChosen = useRef(false);
  useEffect(() => {
    if (!initImage || !focusChosen.current) return;
    focusChosen.current = false;
    const active = document.activeElement;
    if (!active || active === document.body) chosenRef.current?.focus();
  }, [initImage]);

  const picked = (picture: PickedPicture) => {
    setValue('initImage', picture.url, validate);
    setValue('maskImage', '', validate);
    const notes = picture.note ? [picture.note] : [];
    if (picture.width && picture.height) {
      const fitted = sizeForPicture(picture.width, picture.height);
      const { width, height } = form.getValues();
      if (width !== String(fitted.width) || height !== String(fitted.height)) {
        setValue('width', String(fitted.width), validate);
        setValue('height', String(fitted.height), validate);
        notes.push(`Size set to ${fitted.width}×${fitted.height} to keep the picture's shape.`);
      }
    }
    setNote(notes.join(' '));
    setChoosing(false);
    setAgain(undefined);
    onOfferTaken();
    focusChosen.current = true;
  };
  const remove = () => {
    setValue('initImage', '', validate);
    setValue('maskImage', '', validate);
    setValue('strength', '0.7', validate);
    setNote('');
  };

  const pickedRef = useRef(picked);
  pickedRef.current = picked;
  // Each offered picture is taken once (effects may run twice for one offer). One held in
  // the page (a sandbox result) is prepared and uploaded like a file.
  const taken = useRef<PickedPicture>(undefined);
  const [again, setAgain] = useState<File>();
  useEffect(() => {
    if (!offered || offered instanceof File || taken.current === offered) return;
    taken.current = offered;
    if (offered.url.startsWith('data:')) setAgain(pictureFile(offered.url));
    else pickedRef.current(offered);
  }, [offered]);
  // The sandbox keeps uploads inline, which ModelsLab cannot download: away from the
  // sandbox, such a picture goes up again.
  // (Once the key has stopped changing: it is pasted or typed after the switch.)
  useEffect(() => {
    if (inSandbox || !apiKey.trim() || !initImage.startsWith('data:')) return;
    const timer = setTimeout(() => setAgain(pictureFile(initImage)), 600);
    return () => clearTimeout(timer);
  }, [inSandbox, apiKey, initImage]);

  const pendingFile = offered instanceof File ? offered : again;
  const pickerOpen = choosing || pendingFile !== undefined;
  const picker = pickerOpen ? (
    <Suspense fallback={<p className="text-sm text-slate-600">Loading…</p>}>
      <Picker
        upload={upload}
        apiKey={apiKey}
        onPicked={picked}
        pendingFile={pendingFile}
        onCancel={() => {
          setChoosing(false);
          setAgain(undefined);
          onOfferTaken();
          onPaintHandled();
        }}
      />
    </Suspense>
  ) : null;

  if (!initImage) {
    return (
      <>
        {errors.initImage?.message ? (
          <p className="text-sm text-red-700">{errors.initImage.message}</p>
        ) : null}
        {picker}
      </>
    );
  }

  return (
    <fieldset
      ref={chosenRef}
      tabIndex={-1}
      className="flex flex-col gap-3 rounded-lg p-3 ring-1 ring-slate-200 outline-none"
    >
      <legend className="px-1 text-sm font-medium text-slate-800">Starting picture</legend>
      <div className="flex gap-3">
        <div className="relative size-20 shrink-0 overflow-hidden rounded-md bg-slate-100">
          <img
            src={initImage}
            alt="What Generate starts from"
            className="size-full object-cover"
            onError={() => setUnseen(initImage)}
            onLoad={() => setUnseen('')}
            hidden={unseen === initImage}
          />
          {maskImage ? (
            <img
              src={maskImage}
              alt="The painted part, shown lighter"
              className="absolute inset-0 size-full object-cover opacity-50 mix-blend-screen"
            />
          ) : null}
        </div>
        <div className="flex min-w-0 flex-col gap-1.5 text-sm">
          <p className="text-slate-700">
            {maskImage
              ? 'Generate repaints only the painted part (describe what goes there) and keeps the rest.'
              : 'Generate changes this picture to match the prompt.'}
          </p>
          {unseen === initImage ? (
            <p className="text-xs text-amber-800">
              This picture cannot be shown here. ModelsLab may still be able to download it if its
              address is public; if not, Generate will say so.
            </p>
          ) : null}
          <div className="flex flex-wrap gap-1.5">
            <Button ref={paintButton} size="sm" onClick={() => setPainting(true)}>
              {maskImage ? 'Change the painted part' : 'Paint the part to change'}
            </Button>
            {maskImage ? (
              <Button size="sm" onClick={() => setValue('maskImage', '', validate)}>
                Remove the painted part
              </Button>
            ) : null}
            <Button size="sm" variant="ghost" onClick={remove}>
              Remove picture
            </Button>
          </div>
        </div>
      </div>
      <p role="status" className="text-xs text-slate-600 empty:hidden">
        {note}
      </p>
      {errors.initImage?.message || errors.maskImage?.message ? (
        <p className="text-sm text-red-700">
          {errors.initImage?.message ?? errors.maskImage?.message}
        </p>
      ) : null}
      <div className="flex flex-col gap-1">
        <label htmlFor={`${hintId}-range`} className="text-sm font-medium text-slate-800">
          Strength <span className="font-mono text-xs font-normal text-slate-500">(strength)</span>
        </label>
        <div className="flex items-center gap-3">
          <input
            id={`${hintId}-range`}
            type="range"
            min={0}
            max={1}
            step={0.05}
            value={Number.isFinite(Number(strength)) ? strength : '0.7'}
            onChange={(event) => setValue('strength', event.target.value, validate)}
            aria-describedby={hintId}
            className="h-6 min-w-24 flex-1 accent-indigo-600"
          />
          <input
            {...form.register('strength')}
            type="number"
            min={0}
            max={1}
            step={0.05}
            inputMode="decimal"
            aria-label="Strength value"
            aria-invalid={Boolean(errors.strength)}
            aria-describedby={hintId}
            className={`${inputClass} !w-20 shrink-0`}
          />
        </div>
        {errors.strength?.message ? (
          <p className="text-sm text-red-700">{errors.strength.message}</p>
        ) : null}
        <p id={hintId} className="text-xs text-slate-500">
          How far the new picture may move away from yours: near 0 keeps it almost as it is, 1 lets
          the prompt redraw it freely.
        </p>
      </div>
      {pickerOpen ? picker : null}
      {painting || paintRequested ? (
        <Suspense fallback={null}>
          <PaintPartDialog
            imageUrl={initImage}
            upload={upload}
            onDone={(maskLink) => {
              setValue('maskImage', maskLink, validate);
              setPainting(false);
              onPaintHandled();
              requestAnimationFrame(() => paintButton.current?.focus());
            }}
            onClose={() => {
              setPainting(false);
              onPaintHandled();
              requestAnimationFrame(() => paintButton.current?.focus());
            }}
          />
        </Suspense>
      ) : null}
    </fieldset>
  );
}
