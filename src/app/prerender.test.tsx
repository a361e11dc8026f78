import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { QueryClientProvider } from '@tanstack/react-query';
import { act, screen, waitFor } from '@testing-library/react';
import { StrictMode, startTransition } from 'react';
import { hydrateRoot, type Root } from 'react-dom/client';
import { afterEach, expect, test } from 'vitest';
import { jobStore } from '../features/jobs';
import { settingsStore } from '../features/settings';
import { App } from './App';
import { createQueryClient } from './queryClient';
import { themeStore } from './theme';

let root: Root | undefined;
afterEach(() => {
  act(() => root?.unmount());
  root = undefined;
  document.body.replaceChildren();
  themeStore.set('system');
  jobStore.reset();
  settingsStore.reset();
});

test('the prerendered page is taken over as it is (the same elements, no mismatch), then shows what this browser keeps', async () => {
  // What the build puts into index.html: the page rendered with nothing stored.
  const { stdout: html } = await promisify(execFile)(process.execPath, [
    'scripts/prerender.mjs',
    process.cwd(),
    'production',
  ]);
  expect(html).toContain('ModelsLab Studio');
  expect(html).not.toMatch(/<script/i);

  // This browser has been here before: a key, the dark theme, a half-typed prompt.
  localStorage.setItem(
    'modelslab-studio.settings',
    JSON.stringify({ connection: 'modelslab', customUrl: '', rememberKey: true, queueLimit: 5 }),
  );
  localStorage.setItem('modelslab-studio.api-key', 'my-key-1234567890');
  settingsStore.reset();
  themeStore.set('dark');
  sessionStorage.setItem(
    'modelslab-studio.draft',
    JSON.stringify({ prompt: 'a red fox in the snow', steps: '40' }),
  );

  const container = document.createElement('div');
  container.innerHTML = html;
  document.body.append(container);
  const heading = container.querySelector('h1');
  const prompt = container.querySelector('textarea[name="prompt"]');
  const problems: unknown[] = [];
  act(() => {
    startTransition(() => {
      root = hydrateRoot(
        container,
        <StrictMode>
          <QueryClientProvider client={createQueryClient()}>
            <App prerendered />
          </QueryClientProvider>
        </StrictMode>,
        { onRecoverableError: (error) => problems.push(error) },
      );
    });
  });

  // The form's code loads apart (on a busy machine, slowly): the HTML is taken over then.
  await waitFor(
    () =>
      expect(screen.getByRole('textbox', { name: 'Prompt' })).toHaveValue('a red fox in the snow'),
    { timeout: 20_000 },
  );
  expect(screen.getByRole('spinbutton', { name: /Steps/ })).toHaveValue(40);
  expect(screen.getByRole('combobox', { name: 'Theme' })).toHaveValue('dark');
  expect(screen.getByRole('button', { name: /^Connection/ })).not.toHaveAccessibleName(
    'Connection: No key yet',
  );
  // Hydrated, not drawn anew: the prerendered elements are the page's.
  expect(screen.getByRole('heading', { level: 1 })).toBe(heading);
  expect(screen.getByRole('textbox', { name: 'Prompt' })).toBe(prompt);
  expect(problems).toEqual([]);
});
