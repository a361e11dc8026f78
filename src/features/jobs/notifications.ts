import { useSyncExternalStore } from 'react';

/**
 * "Notify me when pictures are ready": the person's choice, remembered on this device,
 * and the browser's permission, asked for only when the person turns it on. Browsers
 * offer notifications only on secure (https or localhost) pages.
 */

const KEY = 'modelslab-studio.notify';
const listeners = new Set<() => void>();

export const canNotify = () =>
  typeof window !== 'undefined' && window.isSecureContext && typeof Notification === 'function';

function remembered(): boolean {
  try {
    return localStorage.getItem(KEY) === 'on';
  } catch {
    return false;
  }
}

function remember(on: boolean) {
  try {
    if (on) localStorage.setItem(KEY, 'on');
    else localStorage.removeItem(KEY);
  } catch {
    // Not kept for the next visit; this page still knows.
  }
  for (const listener of listeners) listener();
}

/** On when the person asked for it and the browser still allows it. */
export const notifyWanted = () =>
  canNotify() && remembered() && Notification.permission === 'granted';

/** Asks the browser (the first time) and remembers the choice; answers whether it is on. */
export async function turnNotificationsOn(): Promise<boolean> {
  if (!canNotify()) return false;
  const permission =
    Notification.permission === 'default'
      ? await Notification.requestPermission()
      : Notification.permission;
  remember(permission === 'granted');
  return permission === 'granted';
}

export const turnNotificationsOff = () => remember(false);

export function useNotifyWanted(): boolean {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    notifyWanted,
    () => false,
  );
}

/** Shows a notification, if wanted; one per generation across open tabs (its tag). */
export function notify(title: string, body: string, tag: string) {
  if (!notifyWanted()) return;
  try {
    const note = new Notification(title, { body, tag: `modelslab-studio:${tag}` });
    note.onclick = () => {
      window.focus();
      note.close();
    };
  } catch {
    // Some mobile browsers show notifications only from a service worker: none here.
  }
}
