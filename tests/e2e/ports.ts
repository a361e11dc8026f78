/**
 * Loopback ports of the browser tests: the built app, and the stand-in API one above it.
 * E2E_PORT moves both, so two checkouts can run their browser tests side by side.
 */
export const APP_PORT = Number(process.env.E2E_PORT ?? 4318);
export const CONTRACT_PORT = APP_PORT + 1;
