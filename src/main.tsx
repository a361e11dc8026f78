import { startTransition } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { startApp } from './app/boot';
import { Page } from './app/Page';
import { keepEarlyTyping } from './features/generate';
import './index.css';

startApp();

const root = document.getElementById('root');
if (root?.firstElementChild) {
  // The build prerendered the page into index.html (docs/architecture.md, "The first
  // paint"): React takes that HTML over in a transition, which yields to the browser
  // between pieces of work instead of holding the page for all of it.
  keepEarlyTyping(root);
  startTransition(() => {
    hydrateRoot(root, <Page />);
  });
} else if (root) {
  createRoot(root).render(<Page />);
}
