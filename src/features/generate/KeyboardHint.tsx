import { useSyncExternalStore } from 'react';

/**
 * A mouse or trackpad as the main pointer is the best sign of a keyboard a page can read
 * (a phone with a mouse paired somewhere still gets no hint).
 */
const KEYBOARD_LIKELY = '(hover: hover) and (pointer: fine)';

const media = () =>
  typeof window.matchMedia === 'function' ? window.matchMedia(KEYBOARD_LIKELY) : undefined;

function subscribe(onChange: () => void) {
  const query = media();
  query?.addEventListener('change', onChange);
  return () => query?.removeEventListener('change', onChange);
}

const keyboardLikely = () => media()?.matches ?? false;

function isMac(): boolean {
  const data = (navigator as { userAgentData?: { platform?: string } }).userAgentData;
  return /mac|iphone|ipad|ipod/i.test(data?.platform || navigator.platform || '');
}

/** "or press Ctrl+Enter", only where there is likely a keyboard to press it on. */
export function KeyboardHint() {
  const shown = useSyncExternalStore(subscribe, keyboardLikely, () => false);
  return shown ? (
    <span className="text-xs text-slate-500">or press {isMac() ? '⌘+Enter' : 'Ctrl+Enter'}</span>
  ) : null;
}
