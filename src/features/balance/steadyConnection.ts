import { type Connection, resolveConnection, type Settings, settingsStore } from '../settings';

/** How long a key must stay as it is before it is checked: typing is not checked letter by letter. */
export const SETTLE_MS = 600;

/**
 * Which connection the balance is asked for: the current one, once it has stayed the same
 * for a moment. `marker` names which key without holding it (it counts key changes), so
 * query keys and caches never carry the key.
 */
export type Steady = { connection: Connection; marker: number };

/** The connection worth asking about now: the sandbox needs no key; a key is 8+ visible characters. */
export function askable(settings: Settings): Connection | undefined {
  const resolved = resolveConnection(settings);
  if (!resolved.ok) return undefined;
  const { connection } = resolved;
  return connection.kind === 'sandbox' || connection.apiKey.replace(/\s/g, '').length >= 8
    ? connection
    : undefined;
}

export const sameConnection = (a: Connection | undefined, b: Connection | undefined) =>
  a?.kind === b?.kind && a?.baseUrl === b?.baseUrl && a?.apiKey === b?.apiKey;

let steady: Steady | undefined;
let marker = 0;
let timer: ReturnType<typeof setTimeout> | undefined;
const listeners = new Set<() => void>();

function settle(next: Connection | undefined) {
  if (sameConnection(next, steady?.connection)) return;
  if (next?.apiKey !== steady?.connection.apiKey) marker += 1;
  steady = next && { connection: next, marker };
  for (const listener of listeners) listener();
}

settle(askable(settingsStore.get()));
// Watched for the page's life: a key taken away stops at once; a new one (or a new
// address) waits until the typing pauses.
settingsStore.subscribe(() => {
  clearTimeout(timer);
  const next = askable(settingsStore.get());
  if (next) timer = setTimeout(() => settle(next), SETTLE_MS);
  else settle(undefined);
});

/** The steady connection, for useSyncExternalStore. */
export const steadyConnection = {
  get: () => steady,
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
