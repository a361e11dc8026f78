import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Rollup } from 'vite';
import { build } from 'vite';
import { afterEach, expect, test } from 'vitest';
import { DEFAULT_API_BASE_URL, securityMetaTags } from './csp.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const saved = { ...process.env };

afterEach(() => {
  process.env = { ...saved };
});

/** `npm run build` as it is by default (no SOURCEMAP, the API address from .env), in memory. */
async function defaultBuild(): Promise<Rollup.OutputBundle[string][]> {
  delete process.env.SOURCEMAP;
  delete process.env.VITE_MODELSLAB_BASE_URL;
  const result = await build({
    root,
    configFile: `${root}vite.config.ts`,
    mode: 'production',
    logLevel: 'silent',
    build: { write: false },
  });
  const outputs = Array.isArray(result) ? result : [result];
  return outputs.flatMap((output) => ('output' in output ? output.output : []));
}

test('the production build ships no source maps, and index.html carries the security policy first', async () => {
  const files = await defaultBuild();
  const names = files.map((file) => file.fileName);
  expect(names).toContain('index.html');
  expect(names.filter((name) => name.endsWith('.map'))).toEqual([]);
  for (const file of files) {
    const text = file.type === 'chunk' ? file.code : String(file.source);
    expect(text, file.fileName).not.toMatch(/sourceMappingURL/);
  }

  const html = files.find((file) => file.fileName === 'index.html');
  const text = html?.type === 'asset' ? String(html.source) : '';
  const tags = securityMetaTags(DEFAULT_API_BASE_URL);
  const at = tags.map((tag) => text.indexOf(tag));
  expect(at.every((index) => index > 0)).toBe(true);
  // Before anything the page loads, so the policy governs all of it.
  const firstLoad = text.search(/<script|<link rel="stylesheet"|<link rel="modulepreload"/);
  expect(Math.max(...at)).toBeLessThan(firstLoad);
}, 120_000);

test('msw is a development tool only: not a dependency of the app, and not in what the build ships', async () => {
  const manifest = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  expect(Object.keys(manifest.dependencies)).not.toContain('msw');
  expect(Object.keys(manifest.devDependencies)).toContain('msw');
  const files = await defaultBuild();
  expect(
    files.map((file) => file.fileName).filter((name) => /msw|mockServiceWorker/i.test(name)),
  ).toEqual([]);
  for (const file of files) {
    if (file.type === 'chunk') expect(file.code, file.fileName).not.toMatch(/\bmsw\b|setupWorker/);
  }
}, 120_000);
