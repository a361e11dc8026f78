import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, startTransition } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { App } from './app/App';
import { startApp } from './app/boot';
import { ErrorBoundary } from './app/ErrorBoundary';
import { createQueryClient } from './app/queryClient';
import { keepEarlyTyping } from './features/generate';
import './index.css';

startApp();

// The same tree as src/app/prerender.tsx renders for index.html. (Built here rather than
// imported from a shared module: rolldown then splits React's JSX runtime into a chunk of
// its own, one more request before anything runs.)
const root = document.getElementById('root');
const prerendered = Boolean(root?.firstElementChild);
const page = (
  <StrictMode>
    <ErrorBoundary>
      <QueryClientProvider client={createQueryClient()}>
        <App prerendered={prerendered} />
      </QueryClientProvider>
    </ErrorBoundary>
  </StrictMode>
);
if (root && prerendered) {
  // The build prerendered the page into index.html (docs/architecture.md, "The first
  // paint"): React takes that HTML over in a transition, which yields to the browser
  // between pieces of work instead of holding the page for all of it.
  keepEarlyTyping(root);
  startTransition(() => {
    hydrateRoot(root, page);
  });
} else if (root) {
  createRoot(root).render(page);
}
