import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { addressEdits } from '../../src/sandbox/addressEdits';
import { createSandbox, STARTING_BALANCE } from '../../src/sandbox/handlers';

/**
 * A stand-in for modelslab.com on loopback, for the browser tests: it answers with the
 * sandbox (the API contract: the same function the app's sandbox transport calls; its
 * model list too, with screenshots served here), lets a test script the next answers for
 * its own key (a failing model list: `{ path: '/model_list', status: 401, … }`), records
 * each key's calls, serves simple SVG pictures (or 404 for a seed a test expired) and the
 * pictures uploaded to it, and serves the built app under a sub-path
 * to prove the build works there too.
 */

import { CONTRACT_PORT } from './ports';

export { CONTRACT_PORT };

const origin = `http://127.0.0.1:${CONTRACT_PORT}`;

type Canned = {
  path: string;
  status: number;
  body: string;
  contentType?: string;
  /** Holds the answer back this long (the call is recorded at once), e.g. to reload meanwhile. */
  delayMs?: number;
  /** Holds the answer back until the test releases the key's held answers (`/__release`). */
  held?: boolean;
  /** More headers to answer with, e.g. a redirect's Location. */
  headers?: Record<string, string>;
};
type Call = { path: string; body: unknown; at: number };
type Visit = { method: string; path: string; body: string };

const canned = new Map<string, Canned[]>();
const calls = new Map<string, Call[]>();
/** Per key, the answers being held back: calling one lets it go. */
const heldBack = new Map<string, Set<() => void>>();
/** A held answer is let go after this long at most, so the server can always shut down. */
const HOLD_AT_MOST_MS = 60_000;
/**
 * Seeds whose pictures "expired": their addresses answer 404, as a picture link does once
 * the service's storage dropped it (`POST /__expire?seed=…`). Each test expires the seed
 * it chose, so tests running side by side never see each other's.
 */
const expiredSeeds = new Set<string>();
/** Flags a test raises and a busy page reads (`busyUntil` in helpers.ts). */
const signals = new Set<string>();
/**
 * Everything that reached `/__elsewhere/<name>/…`, by name: where a test's scripted
 * redirects point, so it can tell whether anything (a key) was sent on.
 */
const elsewhere = new Map<string, Visit[]>();

/**
 * Pictures made from a picture are addresses here too (no canvas in node); uploads are
 * kept in memory and served at `/uploads/<n>.<ext>`. Only this server's pictures and
 * uploads, and data URLs, can be "downloaded": any other address is refused as the
 * service does ("Unable to fetch image from provided URL").
 */
const edits = addressEdits(origin);

/** A simulated balance per key, so each test's key starts at the same balance. */
const balances = new Map<string, number>();

const sandbox = createSandbox({
  origin,
  keepUpload: edits.keepUpload,
  vary: edits.vary,
  repaint: edits.repaint,
  enlarge: edits.enlarge,
  wallet: {
    read: (key) => balances.get(key) ?? STARTING_BALANCE,
    write: (balance, key) => void balances.set(key, balance),
  },
  render: async ({ seed, index, width, height }) =>
    `${origin}/pictures/${seed}-${index}-${width}x${height}.svg`,
  // Screenshots at a web address, as the real list gives them (the in-page sandbox draws
  // its own inline).
  thumbnail: (model) => `${origin}/pictures/${model.hue}-0-96x96.svg`,
});

function picture(name: string): string {
  const [, seed = '0', index = '0', w = '512', h = '512', what = ''] =
    /^(\d+)-(\d+)-(\d+)x(\d+)(?:-([\w-]+))?/.exec(name) ?? [];
  const hue = (Number(seed) + Number(index) * 67) % 360;
  // A picture made from a picture says how (img2img-70, inpaint-70, x4-face).
  const label = what
    ? `<text x="8" y="24" font-family="sans-serif" font-size="16" fill="white">${what}</text>`
    : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}"><defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="hsl(${hue},70%,60%)"/><stop offset="1" stop-color="hsl(${(hue + 60) % 360},60%,30%)"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/>${label}</svg>`;
}

const cors = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type, Accept',
};

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const types: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
};

/**
 * The version of the app `/updating/studio/` serves, raised by `POST /__version`: from the
 * second on, its index.html names the version and its sw.js lists that index.html under a
 * new revision, as a new deployment's would (tests/e2e/offline.spec.ts).
 */
let appVersion = 1;

function versioned(subPath: string, data: Buffer): Buffer {
  if (appVersion === 1) return data;
  const text = data.toString('utf8');
  if (subPath === 'sw.js')
    return Buffer.from(
      text.replace(/(url:"index\.html",revision:")([^"]*)/, `$1$2-v${appVersion}`),
    );
  if (subPath === '' || subPath === 'index.html')
    return Buffer.from(
      text.replace('</head>', `<meta name="app-version" content="${appVersion}"></head>`),
    );
  return data;
}

async function serveApp(
  res: ServerResponse,
  subPath: string,
  headers: Headers = {},
  change: (subPath: string, data: Buffer) => Buffer = (_, data) => data,
) {
  const root = join(process.cwd(), 'dist-e2e');
  const file = normalize(join(root, subPath || 'index.html'));
  if (!file.startsWith(root)) return void res.writeHead(403).end();
  try {
    const data = change(subPath, await readFile(file));
    res
      .writeHead(200, {
        ...headers,
        'Content-Type': types[extname(file)] ?? 'application/octet-stream',
      })
      .end(data);
  } catch {
    res.writeHead(404).end('not found');
  }
}

type Headers = Record<string, string>;

/**
 * The headers the hosting recipe `public/_headers` (Netlify, Cloudflare Pages) gives
 * `path`: its rules are a path (`/*` for every file) followed by indented `Name: value`
 * lines. Read from the file each time, so the test checks the recipe as it is.
 */
async function recipeHeaders(path: string): Promise<Headers> {
  const text = await readFile(join(process.cwd(), 'public', '_headers'), 'utf8');
  const headers: Headers = {};
  let applies = false;
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      const rule = line.trim();
      applies = rule === path || (rule.endsWith('*') && path.startsWith(rule.slice(0, -1)));
    } else if (applies) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
    }
  }
  return headers;
}

/**
 * Waits `ms` (or, held, until the test releases the key's held answers), or less if the
 * browser closes the connection first.
 */
function holdBack(res: ServerResponse, key: string, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    const held = heldBack.get(key) ?? new Set();
    heldBack.set(key, held);
    held.add(done);
    function done() {
      clearTimeout(timer);
      held.delete(done);
      res.off('close', done);
      resolve();
    }
    res.on('close', done);
  });
}

async function handle(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', origin);
  if (url.pathname.startsWith('/__elsewhere/')) {
    // Records every visit, preflights too. Answers as the API would, so a client that
    // followed a redirect here would show a picture.
    const name = url.pathname.split('/')[2] ?? '';
    const visit = {
      method: req.method ?? '',
      path: url.pathname + url.search,
      body: await readBody(req),
    };
    elsewhere.set(name, [...(elsewhere.get(name) ?? []), visit]);
    if (req.method === 'OPTIONS') return void res.writeHead(204, cors).end();
    return void res.writeHead(200, { ...cors, 'Content-Type': 'application/json' }).end(
      JSON.stringify({
        status: 'success',
        id: 1,
        output: [`${origin}/pictures/1-0-512x512.svg`],
      }),
    );
  }
  if (req.method === 'OPTIONS') return void res.writeHead(204, cors).end();

  if (url.pathname.startsWith('/nested/app/'))
    return serveApp(res, url.pathname.slice('/nested/app/'.length));
  // A host following the README's recipe: the app under a sub-path with the headers of
  // public/_headers (whose rules name paths within the site: the sub-path is the site
  // here), and this site's /api/* answered here (as the proxy would forward it).
  if (url.pathname.startsWith('/hosted/studio/')) {
    const subPath = url.pathname.slice('/hosted/studio/'.length);
    return serveApp(res, subPath, await recipeHeaders(`/${subPath}`));
  }
  // The same, in the version `appVersion`: a host where a new version gets deployed.
  if (url.pathname.startsWith('/updating/studio/')) {
    const subPath = url.pathname.slice('/updating/studio/'.length);
    return serveApp(res, subPath, await recipeHeaders(`/${subPath}`), versioned);
  }
  if (url.pathname === '/__version' && req.method === 'POST') {
    appVersion += 1;
    return void res
      .writeHead(200, { ...cors, 'Content-Type': 'application/json' })
      .end(JSON.stringify({ version: appVersion }));
  }

  if (url.pathname.startsWith('/uploads/')) {
    const upload = edits.upload(url.pathname);
    if (!upload) return void res.writeHead(404, cors).end('not found');
    return void res.writeHead(200, { ...cors, 'Content-Type': upload.type }).end(upload.bytes);
  }

  if (url.pathname.startsWith('/pictures/')) {
    const seed = /^\/pictures\/(\d+)-/.exec(url.pathname)?.[1] ?? '';
    if (expiredSeeds.has(seed)) return void res.writeHead(404, cors).end('not found');
    return void res
      .writeHead(200, { ...cors, 'Content-Type': 'image/svg+xml' })
      .end(picture(url.pathname.slice(10)));
  }

  const text = await readBody(req);

  if (url.pathname === '/__script') {
    const { key, answers } = JSON.parse(text) as { key: string; answers: Canned[] };
    canned.set(key, [...(canned.get(key) ?? []), ...answers]);
    return void res.writeHead(204, cors).end();
  }
  if (url.pathname === '/__release') {
    // Lets the key's held answers go; says how many were waiting.
    const key = url.searchParams.get('key') ?? '';
    const held = [...(heldBack.get(key) ?? [])];
    for (const release of held) release();
    return void res
      .writeHead(200, { ...cors, 'Content-Type': 'application/json' })
      .end(JSON.stringify({ released: held.length }));
  }
  if (url.pathname === '/__expire') {
    expiredSeeds.add(url.searchParams.get('seed') ?? '');
    return void res.writeHead(204, cors).end();
  }
  if (url.pathname === '/__signal') {
    // POST raises the flag `name`; either method says whether it is raised.
    const name = url.searchParams.get('name') ?? '';
    if (req.method === 'POST') signals.add(name);
    return void res
      .writeHead(200, { ...cors, 'Content-Type': 'application/json' })
      .end(JSON.stringify({ raised: signals.has(name) }));
  }
  if (url.pathname === '/__elsewhere') {
    const name = url.searchParams.get('name') ?? '';
    return void res
      .writeHead(200, { ...cors, 'Content-Type': 'application/json' })
      .end(JSON.stringify(elsewhere.get(name) ?? []));
  }
  if (url.pathname === '/__calls') {
    const key = url.searchParams.get('key') ?? '';
    return void res
      .writeHead(200, { ...cors, 'Content-Type': 'application/json' })
      .end(JSON.stringify(calls.get(key) ?? []));
  }

  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  const key =
    body && typeof body === 'object' && 'key' in body ? String((body as { key: unknown }).key) : '';
  calls.set(key, [...(calls.get(key) ?? []), { path: url.pathname, body, at: Date.now() }]);

  const queue = canned.get(key) ?? [];
  const scripted = queue.findIndex((answer) => url.pathname.includes(answer.path));
  if (scripted >= 0) {
    const [answer] = queue.splice(scripted, 1);
    if (answer) {
      if (answer.held) await holdBack(res, key, HOLD_AT_MOST_MS);
      else if (answer.delayMs) await holdBack(res, key, answer.delayMs);
      // The browser gave up meanwhile (a reload): there is no one left to answer.
      if (res.destroyed || req.socket.destroyed) return;
      return void res
        .writeHead(answer.status, {
          ...cors,
          'Content-Type': answer.contentType ?? 'application/json',
          ...answer.headers,
        })
        .end(answer.body);
    }
  }

  const request = new Request(url, {
    method: req.method,
    headers: { 'Content-Type': 'application/json' },
    body: req.method === 'GET' || req.method === 'HEAD' ? undefined : text,
  });
  const response = await sandbox(request);
  // A simulated network failure: drop the connection, so the browser's fetch rejects.
  if (response.type === 'error') return void res.destroy();
  res
    .writeHead(response.status, { ...cors, 'Content-Type': 'application/json' })
    .end(await response.text());
}

export function startContractServer(): Promise<Server> {
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500, cors).end(JSON.stringify({ status: 'error', message: String(error) }));
    });
  });
  return new Promise((resolve) => server.listen(CONTRACT_PORT, '127.0.0.1', () => resolve(server)));
}
