import { type Connection, resolveConnection, type Settings, settingsStore } from '../settings';

/** How long a key must stay as it is before it is checked: typing is not checked letter by letter. */
export const SETTLE_MS = 600;

/**
 * Which connection the balance is asked for: the current one, once it has stayed the same
 * for a moment. `marker` names which key without holding it (it counts key changes), so
 * query keys and caches never carry the key.
 */
export type Steady = { connection: Connection; marker: number };

/** At least 8 visible characters: shorter text is still being typed, or is not a key. */
const looksLikeKey = (key: string) => key.replace(/\s/g, '').length >= 8;

/** The connection worth asking about now; the sandbox needs no key. */
export function askable(settings: Settings): Connection | undefined {
  const resolved = resolveConnection(settings);
  if (!resolved.ok) return undefined;
  const { connection } = resolved;
  return connection.kind === 'sandbox' || looksLikeKey(connection.apiKey) ? connection : undefined;
}

export const sameConnection = (a: Connection | undefined, b: Connection | undefined) =>
  a?.kind === b?.kind && a?.baseUrl === b?.baseUrl && a?.apiKey === b?.apiKey;

let steady: Steady | undefined;
let lastKey: string | undefined;
let marker = 0;
let timer: ReturnType<typeof setTimeout> | undefined;
let stopWatching: (() => void) | undefined;
const listeners = new Set<() => void>();

/** Takes `next` on (the same object while nothing changed, as useSyncExternalStore needs). */
function settle(next: Connection | undefined): boolean {
  if (sameConnection(next, steady?.connection)) return false;
  if (next?.apiKey !== lastKey) {
    lastKey = next?.apiKey;
    marker += 1;
  }
  steady = next ? { connection: next, marker } : undefined;
  return true;
}

function notify() {
  for (const listener of listeners) listener();
}

function onSettings() {
  clearTimeout(timer);
  const next = askable(settingsStore.get());
  if (sameConnection(next, steady?.connection)) return;
  // A key taken away stops at once; a new one waits until the typing pauses.
  if (!next) {
    if (settle(undefined)) notify();
    return;
  }
  timer = setTimeout(() => {
    if (settle(next)) notify();
  }, SETTLE_MS);
}

/**
 * The steady connection, for useSyncExternalStore. Watched only while someone reads it:
 * a first read (a page opened with a remembered key) takes the settings as they are.
 */
export const steadyConnection = {
  get(): Steady | undefined {
    if (!stopWatching) settle(askable(settingsStore.get()));
    return steady;
  },
  subscribe(listener: () => void): () => void {
    if (!stopWatching) {
      settle(askable(settingsStore.get()));
      stopWatching = settingsStore.subscribe(onSettings);
    }
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size > 0) return;
      clearTimeout(timer);
      stopWatching?.();
      stopWatching = undefined;
    };
  },
};
