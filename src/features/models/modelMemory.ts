import { useSyncExternalStore } from 'react';

/**
 * The person's favourite models and the last models they generated with, kept on this
 * device (localStorage), shared with the other open tabs.
 */

const FAVOURITES_KEY = 'modelslab-studio.favourite-models';
const RECENT_KEY = 'modelslab-studio.recent-models';
const MAX_RECENT = 5;
const MAX_FAVOURITES = 100;
const MAX_ID = 200;

export type ModelMemory = { favourites: string[]; recent: string[] };

function readRaw(key: string): string {
  try {
    return localStorage.getItem(key) ?? '[]';
  } catch {
    return '[]';
  }
}

/** Model ids from storage: distinct, non-empty strings of a sensible length; junk is skipped. */
function parseIds(raw: string, max: number): string[] {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  const ids = value.filter(
    (id): id is string => typeof id === 'string' && id.trim() !== '' && id.length <= MAX_ID,
  );
  return [...new Set(ids)].slice(0, max);
}

function write(key: string, ids: string[]) {
  try {
    localStorage.setItem(key, JSON.stringify(ids));
  } catch {
    // Storage full or blocked: remembered for this page only.
  }
}

let cached: { raw: string; memory: ModelMemory } | undefined;
const listeners = new Set<() => void>();

/** The same object while storage holds the same text (what useSyncExternalStore needs). */
function get(): ModelMemory {
  const favourites = readRaw(FAVOURITES_KEY);
  const recent = readRaw(RECENT_KEY);
  const raw = `${favourites}\n${recent}`;
  if (cached?.raw !== raw) {
    cached = {
      raw,
      memory: {
        favourites: parseIds(favourites, MAX_FAVOURITES),
        recent: parseIds(recent, MAX_RECENT),
      },
    };
  }
  return cached.memory;
}

function changed() {
  for (const listener of listeners) listener();
}

if (typeof window !== 'undefined') {
  window.addEventListener('storage', (event) => {
    if (event.key === FAVOURITES_KEY || event.key === RECENT_KEY || event.key === null) changed();
  });
}

export const modelMemory = {
  get,
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  toggleFavourite(id: string) {
    const { favourites } = get();
    write(
      FAVOURITES_KEY,
      favourites.includes(id)
        ? favourites.filter((favourite) => favourite !== id)
        : [...favourites, id].slice(-MAX_FAVOURITES),
    );
    changed();
  },
};

/** Notes a model a generation was made with: it heads "Recently used". */
export function rememberModelUse(modelId: string) {
  const id = modelId.trim();
  if (!id || id.length > MAX_ID) return;
  write(RECENT_KEY, [id, ...get().recent.filter((recent) => recent !== id)].slice(0, MAX_RECENT));
  changed();
}

export function useModelMemory(): ModelMemory {
  return useSyncExternalStore(modelMemory.subscribe, get, get);
}
