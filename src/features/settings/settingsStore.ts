import { useSyncExternalStore } from 'react';
import { z } from 'zod/mini';

/**
 * Connection and key. The key lives in sessionStorage (it survives a reload and goes
 * with the tab) unless the person chose to remember it, then in localStorage. Storage
 * can throw (private modes, blocked cookies): the app keeps working from memory.
 */

export const connectionKinds = ['modelslab', 'proxy', 'sandbox', 'custom'] as const;
export type ConnectionKind = (typeof connectionKinds)[number];

const SETTINGS_KEY = 'modelslab-studio.settings';
const API_KEY_KEY = 'modelslab-studio.api-key';

/** Pay-as-you-go accounts may have 5 requests queued at once; Standard 10, Premium 15. */
export const DEFAULT_QUEUE_LIMIT = 5;
export const QUEUE_LIMIT_MAX = 15;

const settingsSchema = z.object({
  connection: z.catch(z.enum(connectionKinds), defaultConnection),
  customUrl: z.catch(z.string(), ''),
  rememberKey: z.catch(z.boolean(), false),
  queueLimit: z.catch(z.int().check(z.minimum(1), z.maximum(QUEUE_LIMIT_MAX)), DEFAULT_QUEUE_LIMIT),
});

export type Settings = z.infer<typeof settingsSchema> & { apiKey: string };

function defaultConnection(): ConnectionKind {
  return import.meta.env.VITE_DEFAULT_CONNECTION === 'sandbox' ? 'sandbox' : 'modelslab';
}

function storage(kind: 'local' | 'session'): Storage | undefined {
  try {
    return kind === 'local' ? window.localStorage : window.sessionStorage;
  } catch {
    return undefined;
  }
}

function read(kind: 'local' | 'session', key: string): string | null {
  try {
    return storage(kind)?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

function write(kind: 'local' | 'session', key: string, value: string | null) {
  try {
    if (value === null) storage(kind)?.removeItem(key);
    else storage(kind)?.setItem(key, value);
  } catch {
    // Storage full or blocked: the value stays in memory for this page.
  }
}

function load(): Settings {
  let stored: unknown = {};
  try {
    stored = JSON.parse(read('local', SETTINGS_KEY) ?? '{}');
  } catch {
    stored = {};
  }
  const parsed = settingsSchema.safeParse(stored ?? {});
  const base = parsed.success
    ? parsed.data
    : {
        connection: defaultConnection(),
        customUrl: '',
        rememberKey: false,
        queueLimit: DEFAULT_QUEUE_LIMIT,
      };
  const apiKey =
    (base.rememberKey ? read('local', API_KEY_KEY) : read('session', API_KEY_KEY)) ?? '';
  return { ...base, apiKey };
}

let current: Settings = load();
const listeners = new Set<() => void>();

// Another tab changed the settings or forgot the key: take that on, so this tab does not
// write the old values (and the forgotten key) back.
if (typeof window !== 'undefined') {
  window.addEventListener('storage', (event) => {
    if (event.key !== SETTINGS_KEY && event.key !== API_KEY_KEY && event.key !== null) return;
    current = load();
    for (const listener of listeners) listener();
  });
}

function persist(next: Settings) {
  const { apiKey, ...rest } = next;
  write('local', SETTINGS_KEY, JSON.stringify(rest));
  // The key is in exactly one place: the one the person chose.
  write(next.rememberKey ? 'local' : 'session', API_KEY_KEY, apiKey || null);
  write(next.rememberKey ? 'session' : 'local', API_KEY_KEY, null);
}

export const settingsStore = {
  get: () => current,
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  update(patch: Partial<Settings>) {
    current = { ...current, ...patch };
    persist(current);
    for (const listener of listeners) listener();
  },
  forgetKey() {
    settingsStore.update({ apiKey: '' });
  },
  /** Tests start from what a fresh browser would have. */
  reset() {
    current = load();
    for (const listener of listeners) listener();
  },
};

/** What a first visit has: the prerendered page shows it, and hydration starts from it. */
const firstVisit: Settings = {
  connection: defaultConnection(),
  customUrl: '',
  rememberKey: false,
  queueLimit: DEFAULT_QUEUE_LIMIT,
  apiKey: '',
};

export function useSettings(): Settings {
  return useSyncExternalStore(settingsStore.subscribe, settingsStore.get, () => firstVisit);
}
