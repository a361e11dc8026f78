import { createContext, type ReactNode, startTransition, use, useEffect, useState } from 'react';

/**
 * True while the page shows what the build prerendered (docs/architecture.md, "The first
 * paint"): during the prerender itself, and while React takes that HTML over. A component
 * then renders what a first visit shows, as the HTML has it; once the page is React's, it
 * renders again with this browser's own state (the draft, the newest tiles), in a
 * transition that yields to the browser.
 */
export const HydratingContext = createContext(false);

export const useHydrating = () => use(HydratingContext);

/**
 * Says "hydrating" to the page below while `prerendered`, until React has taken it over.
 * Its own state: when it changes, only the components that ask render again.
 */
export function Hydrating({
  prerendered,
  children,
}: {
  prerendered: boolean;
  children: ReactNode;
}) {
  const [hydrating, setHydrating] = useState(prerendered);
  useEffect(() => {
    if (hydrating) startTransition(() => setHydrating(false));
  }, [hydrating]);
  return <HydratingContext value={hydrating}>{children}</HydratingContext>;
}

/** The parts loaded apart that can be acted on at once: the form and the pictures. */
type Part = 'form' | 'pictures';
const started = new Set<Part>();

/**
 * Says on the page (`<html data-started>`) that the form and the pictures are React's
 * and show this tab's state: a click or a key before that may be the prerendered HTML's
 * alone. Each part tells when it is; browser tests wait for the mark after each load.
 */
export function markStarted(part: Part) {
  started.add(part);
  if (started.has('form') && started.has('pictures')) {
    document.documentElement.dataset.started = '';
  }
}
