import { useSyncExternalStore } from 'react';

/** Whether the Connection drawer is open, and what to focus in it when it opens. */
export type DrawerState = { open: false } | { open: true; focus?: 'api-key' };

const closed: DrawerState = { open: false };
let state: DrawerState = closed;
const listeners = new Set<() => void>();

function set(next: DrawerState) {
  state = next;
  for (const listener of listeners) listener();
}

/**
 * Opens the drawer from anywhere on the page (the header, the sandbox notice, the form's
 * "Paste your ModelsLab API key" link).
 */
export function openConnection(options: { focus?: 'api-key' } = {}) {
  set({ open: true, focus: options.focus });
}

export function closeConnection() {
  set({ open: false });
}

export const useConnectionDrawer = () =>
  useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => state,
    () => closed,
  );
