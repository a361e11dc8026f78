import { useState, useSyncExternalStore } from 'react';

/**
 * One clock for everything that counts seconds (progress bars, countdowns, the tab's
 * title), so they all move on the same tick instead of drifting up to a second apart.
 * It runs only while something listens.
 */
const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;

function tick() {
  now = Date.now();
  for (const listener of listeners) listener();
}

/** Calls `listener` every second from now on; returns its stop. */
export function everySecond(listener: () => void): () => void {
  listeners.add(listener);
  if (listeners.size === 1) {
    now = Date.now();
    timer = setInterval(tick, 1000);
  }
  return () => {
    if (!listeners.delete(listener) || listeners.size > 0) return;
    clearInterval(timer);
    timer = undefined;
  };
}

/** The time on the shared tick while it runs (what every bar shows now), else the time. */
export const tickTime = () => (timer === undefined ? Date.now() : now);

const subscribeNever = () => () => {};
const read = () => now;

/**
 * The current time on the shared tick while `active` (refreshed every second); otherwise
 * the time of the last tick.
 */
export function useNow(active = true): number {
  // The shared tick may be most of a second old when this mounts: never show a time
  // before the moment it appeared (a countdown would start a second too high).
  const [shownAt] = useState(Date.now);
  return Math.max(useSyncExternalStore(active ? everySecond : subscribeNever, read, read), shownAt);
}
