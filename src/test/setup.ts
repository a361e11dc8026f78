import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach, beforeEach, vi } from 'vitest';

// `findBy…` and `waitFor` wait for what a person would see: on CI's two busy cores a lazy
// part's code or an IndexedDB answer can take longer than the library's 1 s.
configure({ asyncUtilTimeout: 10_000 });

// A test that logs a React or network error fails, so such errors cannot hide.
beforeEach(() => {
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    throw new Error(`console.error: ${args.map(String).join(' ')}`);
  });
});

afterEach(() => {
  cleanup();
  localStorage.clear();
  sessionStorage.clear();
});

// jsdom lays nothing out, so it has no scrolling: the app's calls to it do nothing here.
Element.prototype.scrollIntoView ??= () => undefined;
