import { expect, test } from 'vitest';
import { canUseServiceWorker } from './canUseServiceWorker';

const withWorkers = { serviceWorker: {} } as unknown as Navigator;
const withoutWorkers = {} as Navigator;

test('a service worker only in a secure context whose browser offers them', () => {
  expect(canUseServiceWorker({ isSecureContext: true, navigator: withWorkers })).toBe(true);
  // Plain http on a NAS or LAN address (browsers hide navigator.serviceWorker there too).
  expect(canUseServiceWorker({ isSecureContext: false, navigator: withWorkers })).toBe(false);
  expect(canUseServiceWorker({ isSecureContext: false, navigator: withoutWorkers })).toBe(false);
  // A browser without them, or with them turned off.
  expect(canUseServiceWorker({ isSecureContext: true, navigator: withoutWorkers })).toBe(false);
});
