/** The errors feature: what each failure means for a person, its banner, and retry rules. */
export { ErrorBanner } from './ErrorBanner';
export { errorTable } from './errorTable';
export { links } from './links';
export { retryDelayMs } from './retryPolicy';
