import { lazy, Suspense, useState } from 'react';
import { type UseFormReturn, useWatch } from 'react-hook-form';
import { Button } from '../../ui/Button';
import { useSettings } from '../settings';
import {
  loadStartPicturePicker,
  type PickedPicture,
  StartPicturePicker,
  uploadPicture,
} from '../startPicture';
import type { GenerateFormOutput, GenerateFormValues } from './generateSchema';

const loadPanel = () => import('./StartingPicturePanel');
const StartingPicturePanel = lazy(loadPanel);
const preload = () => {
  loadPanel().catch(() => undefined);
  loadStartPicturePicker().catch(() => undefined);
};

/**
 * "Start from a picture…": the button is all the first load holds; choosing a picture,
 * the chosen picture and its strength and painting load when wanted.
 */
export function StartingPicture(props: {
  form: UseFormReturn<GenerateFormValues, unknown, GenerateFormOutput>;
  /** A file to prepare and upload, or a picture already at a web address. */
  offered?: File | PickedPicture;
  onOfferTaken: () => void;
  /** Opens the painting as soon as the picture is there ("Fix a part" on a result). */
  paintRequested?: boolean;
  onPaintHandled: () => void;
}) {
  const initImage = useWatch({ control: props.form.control, name: 'initImage' });
  const settings = useSettings();
  const [choosing, setChoosing] = useState(false);
  const open = choosing || props.offered !== undefined;
  const panel =
    open || initImage ? (
      <Suspense fallback={<p className="text-sm text-slate-600">Loading…</p>}>
        <StartingPicturePanel
          {...props}
          choosing={choosing}
          onChoosingChange={setChoosing}
          Picker={StartPicturePicker}
          upload={uploadPicture}
          apiKey={settings.apiKey}
          inSandbox={settings.connection === 'sandbox'}
        />
      </Suspense>
    ) : null;
  // The panel keeps its place once a picture is chosen, so what it says (a note about
  // scaling, the size chosen) stays.
  return (
    <div className="flex flex-col gap-2">
      {initImage ? null : (
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
          <Button
            size="sm"
            aria-expanded={open}
            onPointerEnter={preload}
            onFocus={preload}
            onClick={() => {
              setChoosing(!open);
              if (open) props.onOfferTaken();
            }}
          >
            Start from a picture…
          </Button>
          <span className="text-xs text-slate-500">Optional: change a photo or a picture.</span>
        </div>
      )}
      {panel}
    </div>
  );
}
