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
  /** What src/main.tsx imports, all the way down: the app's first-load chunk. */
  const app = new Set();
  return {
    name: 'modelslab-studio:prerender',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    buildEnd() {
      const main = [...this.getModuleIds()].find((id) => id.endsWith('/src/main.tsx'));
      const pending = main ? [main] : [];
      while (pending.length > 0) {
        const id = pending.pop();
        if (app.has(id)) continue;
        app.add(id);
        pending.push(...(this.getModuleInfo(id)?.importedIds ?? []));
      }
    },
    // The app is a chunk loaded by the entry (src/start.ts) and shares its modules with the
    // chunks it loads on demand: left alone, the bundler would cut those shared modules
    // into small chunks of their own, each one more request before the app can start.
    outputOptions(options) {
      return {
        ...options,
        codeSplitting: {
          includeDependenciesRecursively: false,
          groups: [
            {
              name: 'main',
              test: (id) => app.has(id) && !id.includes('vite/preload-helper'),
              priority: 1,
            },
          ],
        },
      };
    },
    transformIndexHtml: {
      order: 'post',
      async handler(html, context) {
        if (!html.includes(ROOT_DIV))
          throw new Error(`index.html: no ${ROOT_DIV} to prerender into`);
        const { stdout } = await promisify(execFile)(
          process.execPath,
          [fileURLToPath(import.meta.url), config.root, config.mode],
          { maxBuffer: 16 * 1024 * 1024, env: process.env },
        );
        return preloadApp(html, context).replace(ROOT_DIV, `<div id="root">${stdout}</div>`);
      },
    },
  };
}

/** src/start.ts loads the app (src/main.tsx) after the first paint. */
function preloadApp(html, { bundle, chunk }) {
  const app = chunk?.dynamicImports
    .map((file) => bundle?.[file])
    .find(
      (output) =>
        output?.type === 'chunk' && output.moduleIds.some((id) => id.endsWith('/src/main.tsx')),
    );
  if (!app) throw new Error('The entry does not load src/main.tsx: nothing to preload');
  // Not the app itself: fetched before the paint, a browser's measure of the paint counts
  // it as holding the paint back. What it imports (the bundler's small runtime) is
  // fetched ahead, so that the app does not wait for it once it arrives.
  const files = app.imports.filter((file) => file !== chunk.fileName);
  const links = files.map((file) => `  <link rel="modulepreload" crossorigin href="./${file}">\n`);
  return html.replace('</head>', `${links.join('')}  </head>`);
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
