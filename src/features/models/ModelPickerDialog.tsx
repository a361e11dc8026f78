import { lazy, Suspense } from 'react';
import { Button } from '../../ui/Button';
import type { ModelPickerProps } from './ModelPicker';

/**
 * The picker's code is not part of the first load: it is fetched when the page is idle
 * (so it opens offline too), or at once when the person reaches for it.
 */
const load = () => import('./ModelPicker');

/** If the code cannot be fetched (offline before it ever loaded), say so. */
function PickerUnavailable({ onClose }: ModelPickerProps) {
  return (
    <div role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
      The list of models could not be opened (is the connection down?). You can still type a model’s
      ID in the Model field.{' '}
      <Button size="sm" onClick={onClose}>
        OK
      </Button>
    </div>
  );
}

const lazyPicker = () =>
  lazy(() =>
    load().catch(() => {
      // The next open tries again.
      LazyPicker = lazyPicker();
      return { default: PickerUnavailable };
    }),
  );
let LazyPicker = lazyPicker();

export function preloadModelPicker() {
  void load().catch(() => undefined);
}

export function preloadModelPickerWhenIdle(): () => void {
  if (typeof window.requestIdleCallback === 'function') {
    const id = window.requestIdleCallback(preloadModelPicker, { timeout: 5000 });
    return () => window.cancelIdleCallback(id);
  }
  const timer = setTimeout(preloadModelPicker, 2000);
  return () => clearTimeout(timer);
}

/** The model picker, fetched on first use. */
export function ModelPickerDialog(props: ModelPickerProps) {
  return (
    <Suspense
      fallback={
        <span role="status" className="sr-only">
          Opening the list of models…
        </span>
      }
    >
      <LazyPicker {...props} />
    </Suspense>
  );
}
