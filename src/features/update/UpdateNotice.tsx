import { useState } from 'react';
import { Button } from '../../ui/Button';

/**
 * "A new version is ready · Reload", at the bottom of the screen, until the person reloads:
 * the app never reloads by itself (jobs and the form's draft survive a reload, but the
 * moment is theirs to choose).
 */
export function UpdateNotice({ onReload }: { onReload: () => void }) {
  const [reloading, setReloading] = useState(false);
  return (
    <div className="pointer-events-none fixed inset-x-0 bottom-4 z-20 flex justify-center px-4 sm:justify-start">
      <div
        role="status"
        className="pointer-events-auto flex max-w-full items-center gap-3 rounded-lg bg-surface py-2 pr-2 pl-4 text-sm text-slate-800 shadow-lg ring-1 ring-slate-200"
      >
        <div>
          <p>A new version is ready</p>
          {/* What a person fears losing by reloading. */}
          <p className="text-xs text-slate-600">Your pictures and what you typed stay.</p>
        </div>
        <Button
          size="sm"
          variant="primary"
          // Says what it reloads for, also out of context (a screen reader's list of buttons).
          aria-label="Reload for the new version"
          disabled={reloading}
          onClick={() => {
            setReloading(true);
            onReload();
          }}
        >
          Reload
        </Button>
      </div>
    </div>
  );
}
