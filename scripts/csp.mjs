// The page's security policy, in one place: the build puts it into index.html as <meta>
// tags (vite.config.ts), and the hosting recipes (public/_headers, vercel.json, the nginx
// lines in README.md) send it as headers; scripts/csp.test.ts keeps them equal.
//
// `node scripts/csp.mjs [API address]` prints the header lines for a build whose
// VITE_MODELSLAB_BASE_URL is that address (default https://modelslab.com).

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** What the app's "ModelsLab" connection uses when the build names no API address. */
export const DEFAULT_API_BASE_URL = 'https://modelslab.com';

/**
 * An http API (a loopback stand-in, a LAN proxy) is the one http origin the page may talk
 * to and show pictures from (its answers link to pictures there); https is allowed
 * everywhere, so a custom https address and any https image host keep working.
 */
function httpApiOrigin(apiBaseUrl) {
  try {
    const url = new URL(apiBaseUrl || DEFAULT_API_BASE_URL);
    return url.protocol === 'http:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The hashes of index.html's inline scripts (the theme, set before the first paint: a
 * script file of its own would hold the first paint back by a round trip).
 */
export function inlineScriptHashes() {
  const html = readFileSync(new URL('../index.html', import.meta.url), 'utf8');
  return [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(
    ([, script]) => `'sha256-${createHash('sha256').update(script).digest('base64')}'`,
  );
}

/**
 * The Content-Security-Policy for a build whose API address is `apiBaseUrl`. `header: true`
 * adds what only a header can carry (a <meta> policy ignores frame-ancestors).
 */
export function contentSecurityPolicy(apiBaseUrl, { header = false } = {}) {
  const api = httpApiOrigin(apiBaseUrl);
  const directives = [
    ["default-src 'none'"],
    ["script-src 'self'", ...inlineScriptHashes()],
    ["style-src 'self'"],
    // data: the sandbox's pictures are drawn in the page as data: URLs.
    ["img-src 'self' https: data: blob:", api],
    ["connect-src 'self' https:", api],
    // The service worker (sw.js) and the web app manifest, both the app's own files.
    ["worker-src 'self'"],
    ["manifest-src 'self'"],
    ["base-uri 'none'"],
    ["object-src 'none'"],
    ["form-action 'none'"],
    header ? ["frame-ancestors 'none'"] : [],
  ];
  return directives
    .filter((parts) => parts.length > 0)
    .map((parts) => parts.filter(Boolean).join(' '))
    .join('; ');
}

/** The headers a static host should send with every file of the build. */
export function securityHeaders(apiBaseUrl) {
  return {
    'Content-Security-Policy': contentSecurityPolicy(apiBaseUrl, { header: true }),
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
  };
}

const attribute = (value) =>
  value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');

/** The <meta> tags the build puts into index.html's <head>, one a line. */
export function securityMetaTags(apiBaseUrl) {
  return [
    `<meta http-equiv="Content-Security-Policy" content="${attribute(contentSecurityPolicy(apiBaseUrl))}" />`,
    '<meta name="referrer" content="no-referrer" />',
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const [name, value] of Object.entries(securityHeaders(process.argv[2]))) {
    console.log(`${name}: ${value}`);
  }
}
