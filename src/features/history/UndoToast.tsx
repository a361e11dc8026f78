import { useEffect, useRef, useState } from 'react';
import { Button } from '../../ui/Button';

/** How long "Deleted · Undo" stays (longer while the pointer or focus is on it). */
export const UNDO_MS = 6000;

/** "Deleted “…” · Undo", for a few seconds, at the bottom of the screen. */
export function UndoToast({
  prompt,
  onUndo,
  onExpire,
}: {
  prompt: string;
  onUndo: () => void;
  onExpire: () => void;
}) {
  const [held, setHeld] = useState(false);
  const expire = useRef(onExpire);
  expire.current = onExpire;
  useEffect(() => {
    if (held) return;
    const timer = setTimeout(() => expire.current(), UNDO_MS);
    return () => clearTimeout(timer);
  }, [held]);
  const short = prompt.length > 40 ? `${prompt.slice(0, 39)}…` : prompt;
  return (
    <div className="pointer-events-none fixed inset-x-0 bottom-4 z-20 flex justify-center px-4">
      <div
        role="status"
        onPointerEnter={() => setHeld(true)}
        onPointerLeave={() => setHeld(false)}
        onFocus={() => setHeld(true)}
        onBlur={() => setHeld(false)}
        className="pointer-events-auto flex max-w-full items-center gap-3 rounded-lg bg-zinc-900 py-2 pr-2 pl-4 text-sm text-white shadow-lg"
      >
        <p className="min-w-0 truncate">Deleted “{short}”</p>
        <Button size="sm" onClick={onUndo}>
          Undo
        </Button>
      </div>
    </div>
  );
}
