import { useSyncExternalStore } from 'react';
import { z } from 'zod/mini';

/** Light or dark: as the system says, or the person's own choice, remembered on this device. */
export const themeChoices = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof themeChoices)[number];

/** Also read by the script in index.html that applies the theme before the first paint. */
const THEME_KEY = 'modelslab-studio.theme';
const choiceSchema = z.catch(z.enum(themeChoices), 'system');
const listeners = new Set<() => void>();

function readChoice(): ThemeChoice {
  try {
    return choiceSchema.parse(localStorage.getItem(THEME_KEY));
  } catch {
    return 'system';
  }
}

let choice: ThemeChoice = readChoice();

const systemDark = () =>
  typeof window.matchMedia === 'function' &&
  window.matchMedia('(prefers-color-scheme: dark)').matches;

function apply() {
  const dark = choice === 'dark' || (choice === 'system' && systemDark());
  document.documentElement.classList.toggle('dark', dark);
}

export const themeStore = {
  get: () => choice,
  set(next: ThemeChoice) {
    choice = next;
    try {
      if (next === 'system') localStorage.removeItem(THEME_KEY);
      else localStorage.setItem(THEME_KEY, next);
    } catch {
      // Not remembered, but still applied to this page.
    }
    apply();
    for (const listener of listeners) listener();
  },
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

/** Applies the theme now and follows the system's setting and other tabs' choices. */
export function startTheme(): () => void {
  apply();
  const media =
    typeof window.matchMedia === 'function'
      ? window.matchMedia('(prefers-color-scheme: dark)')
      : undefined;
  media?.addEventListener('change', apply);
  const onStorage = (event: StorageEvent) => {
    if (event.key !== THEME_KEY && event.key !== null) return;
    choice = readChoice();
    apply();
    for (const listener of listeners) listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    media?.removeEventListener('change', apply);
    window.removeEventListener('storage', onStorage);
  };
}

export const useThemeChoice = () =>
  useSyncExternalStore(themeStore.subscribe, themeStore.get, () => 'system' as const);
