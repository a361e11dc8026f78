import { useSyncExternalStore } from 'react';

const subscribeNever = () => () => {};

/**
 * True while the build prerenders the page and while React hydrates that HTML: a component
 * then shows what a first visit shows (what the HTML holds), and React renders it again at
 * once with this browser's own state (docs/architecture.md, "The first paint").
 */
export function useHydrating(): boolean {
  return useSyncExternalStore(
    subscribeNever,
    () => false,
    () => true,
  );
}
