import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { contentSecurityPolicy, DEFAULT_API_BASE_URL, securityHeaders } from './csp.mjs';

const read = (path: string) => readFile(new URL(`../${path}`, import.meta.url), 'utf8');

describe('the Content-Security-Policy', () => {
  test('allows only the app’s own scripts and styles, https (and its own site) for pictures and connections', () => {
    expect(contentSecurityPolicy(DEFAULT_API_BASE_URL)).toBe(
      "default-src 'none'; script-src 'self' 'sha256-Sj2NqkyIBzM8kALdDbaVGoqazKU+TQp8avCm9KiivMg=' 'sha256-1068Bc25x1/3o0JnNWqCPXDqW1Mb77b2oO81YAGDpQo='; style-src 'self'; img-src 'self' https: data: blob:; connect-src 'self' https:; worker-src 'self'; manifest-src 'self'; base-uri 'none'; object-src 'none'; form-action 'none'",
    );
    expect(contentSecurityPolicy(undefined)).toBe(contentSecurityPolicy(DEFAULT_API_BASE_URL));
    expect(contentSecurityPolicy('https://proxy.example/tools/')).toBe(
      contentSecurityPolicy(DEFAULT_API_BASE_URL),
    );
  });

  test('adds an API address on plain http, by its origin, to pictures and connections only', () => {
    const policy = contentSecurityPolicy('http://192.168.1.20:8080/modelslab/');
    expect(policy).toContain("img-src 'self' https: data: blob: http://192.168.1.20:8080;");
    expect(policy).toContain("connect-src 'self' https: http://192.168.1.20:8080;");
    expect(policy.match(/http:\/\//g)).toHaveLength(2);
  });

  test('as a header, also forbids other sites to frame the app', () => {
    expect(contentSecurityPolicy(DEFAULT_API_BASE_URL, { header: true })).toBe(
      `${contentSecurityPolicy(DEFAULT_API_BASE_URL)}; frame-ancestors 'none'`,
    );
    expect(contentSecurityPolicy(DEFAULT_API_BASE_URL)).not.toContain('frame-ancestors');
  });
});

describe('the hosting recipes send the headers scripts/csp.mjs makes', () => {
  const headers = securityHeaders(DEFAULT_API_BASE_URL);
  // The service worker is looked at for a new version on each visit: never from a cache.
  const worker = { 'Cache-Control': 'no-cache' };

  test('public/_headers (Netlify, Cloudflare Pages)', async () => {
    const lines = (await read('public/_headers'))
      .split('\n')
      .filter((line) => line.trim() && !line.startsWith('#'));
    expect(lines).toEqual([
      '/*',
      ...Object.entries(headers).map(([name, value]) => `  ${name}: ${value}`),
      '/sw.js',
      '  Cache-Control: no-cache',
    ]);
  });

  test('vercel.json', async () => {
    const vercel = JSON.parse(await read('vercel.json')) as {
      headers: Array<{ source: string; headers: Array<{ key: string; value: string }> }>;
    };
    expect(vercel.headers).toEqual([
      {
        source: '/(.*)',
        headers: Object.entries(headers).map(([key, value]) => ({ key, value })),
      },
      {
        source: '/sw.js',
        headers: Object.entries(worker).map(([key, value]) => ({ key, value })),
      },
    ]);
  });

  test('the nginx lines in README.md', async () => {
    const readme = await read('README.md');
    const lines = readme
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.startsWith('add_header '));
    expect(lines).toEqual(
      Object.entries(headers).map(([name, value]) => `add_header ${name} "${value}" always;`),
    );
    // `expires epoch` sends "Cache-Control: no-cache" and, unlike an add_header of its own,
    // keeps the server's headers on sw.js.
    expect(readme).toMatch(/location ~ \/sw\\\.js\$ \{\s*expires epoch;\s*\}/);
  });
});
