import { useSyncExternalStore } from 'react';
import { MAX_RECENT, parseIds, RECENT_KEY } from './recentModels';

/**
 * The person's favourite models and the last models they generated with, kept on this
 * device (localStorage), shared with the other open tabs.
 */

const FAVOURITES_KEY = 'modelslab-studio.favourite-models';
const MAX_FAVOURITES = 100;

export type ModelMemory = { favourites: string[]; recent: string[] };
const nothingRemembered: ModelMemory = { favourites: [], recent: [] };

function readRaw(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
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
    try {
      localStorage.setItem(
        FAVOURITES_KEY,
        JSON.stringify(
          favourites.includes(id)
            ? favourites.filter((favourite) => favourite !== id)
            : [...favourites, id].slice(-MAX_FAVOURITES),
        ),
      );
    } catch {
      // Storage full or blocked: not remembered.
    }
    changed();
  },
};

export function useModelMemory(): ModelMemory {
  return useSyncExternalStore(modelMemory.subscribe, get, () => nothingRemembered);
}
