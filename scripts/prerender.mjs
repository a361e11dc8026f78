// The first paint before any script (docs/architecture.md, "The first paint"): the build
// renders the page as a first visit shows it (src/app/prerender.tsx) and puts that HTML
// into index.html's root, which main.tsx then hydrates.
//
// The page's modules are written for a browser, so they are rendered in a child process
// with a jsdom window as its globals: the build's own process keeps clean globals.

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT_DIV = '<div id="root"></div>';

/** @returns {import('vite').Plugin} */
export function prerenderPage() {
  /** @type {import('vite').ResolvedConfig} */
  let config;
  return {
    name: 'modelslab-studio:prerender',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    transformIndexHtml: {
      order: 'post',
      async handler(html) {
        if (!html.includes(ROOT_DIV))
          throw new Error(`index.html: no ${ROOT_DIV} to prerender into`);
        const { stdout } = await promisify(execFile)(
          process.execPath,
          [fileURLToPath(import.meta.url), config.root, config.mode],
          { maxBuffer: 16 * 1024 * 1024, env: process.env },
        );
        return startAfterPaint(html, stdout);
      },
    },
  };
}

const APP_SCRIPT = /\n?\s*<script type="module" crossorigin src="([^"]+)"><\/script>/;

/**
 * The app's script is not in the page as a script: its address goes on the root, and the
 * starter (the last inline script of index.html) loads it once the page is painted.
 * Fetched before the paint, the app would count as holding the paint back in
 * Lighthouse's estimate; and, from the service worker's cache, its start-up would really
 * hold it back.
 */
function startAfterPaint(html, page) {
  const script = APP_SCRIPT.exec(html);
  if (!script) throw new Error('index.html: no module script of the app to start after the paint');
  return html
    .replace(script[0], '')
    .replace(ROOT_DIV, `<div id="root" data-app="${script[1]}">${page}</div>`);
}

/** Renders the page in this process (the child), with a blank jsdom window as its globals. */
async function render(root, mode) {
  const { JSDOM } = await import('jsdom');
  const { window } = new JSDOM('<!doctype html><html><body></body></html>', {
    url: 'https://prerender.invalid/',
  });
  for (const name of ['window', 'document', 'localStorage', 'sessionStorage', 'navigator']) {
    Object.defineProperty(globalThis, name, {
      value: name === 'window' ? window : window[name],
      configurable: true,
      writable: true,
    });
  }
  const { createServer } = await import('vite');
  const server = await createServer({
    configFile: false,
    root,
    mode,
    logLevel: 'error',
    server: { middlewareMode: true, hmr: false, ws: false },
    appType: 'custom',
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  try {
    const { prerenderPage } = await server.ssrLoadModule('/src/app/prerender.tsx');
    process.stdout.write(await prerenderPage());
  } finally {
    await server.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [root, mode] = process.argv.slice(2);
  await render(root, mode);
}
