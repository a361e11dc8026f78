import { createContext, use } from 'react';

/**
 * True while the page shows what the build prerendered (docs/architecture.md, "The first
 * paint"): during the prerender itself, and while React takes that HTML over. A component
 * then renders what a first visit shows, as the HTML has it; once the page is React's, it
 * renders again with this browser's own state (the draft, the newest tiles), in a
 * transition that yields to the browser.
 */
export const HydratingContext = createContext(false);

export const useHydrating = () => use(HydratingContext);
