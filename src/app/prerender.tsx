import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { prerenderToNodeStream } from 'react-dom/static';
import { App } from './App';
import { ErrorBoundary } from './ErrorBoundary';
import { createQueryClient } from './queryClient';

/**
 * The page as a first visit shows it, as HTML, for the build to put into index.html
 * (scripts/prerender.mjs): painted before any script runs, then hydrated by main.tsx.
 */
export async function prerenderPage(): Promise<string> {
  // The same tree as src/main.tsx hydrates.
  const page = (
    <StrictMode>
      <ErrorBoundary>
        <QueryClientProvider client={createQueryClient()}>
          <App prerendered />
        </QueryClientProvider>
      </ErrorBoundary>
    </StrictMode>
  );
  const { prelude } = await prerenderToNodeStream(page, {
    // One piece, in order: React would otherwise write the later parts of a long page
    // apart, with a script to move them in place, which the page's policy refuses to run.
    progressiveChunkSize: Number.POSITIVE_INFINITY,
    onError(error) {
      throw error;
    },
  });
  let html = '';
  for await (const chunk of prelude) html += chunk;
  if (/<script|<template/i.test(html)) throw new Error('The prerendered page is not in one piece');
  return html;
}
