/**
 * Whether this page may have a service worker: browsers offer them only in a secure
 * context (https, or localhost), so on a plain-http host (a NAS, a LAN address) the app
 * runs as it always did, without one (docs/architecture.md, "Offline and updates").
 */
export function canUseServiceWorker(page: {
  isSecureContext: boolean;
  navigator: Navigator;
}): boolean {
  return page.isSecureContext && 'serviceWorker' in page.navigator;
}
