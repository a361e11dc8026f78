import './index.css';

/**
 * The page's entry (index.html). The build prerendered the page into index.html
 * (docs/architecture.md, "The first paint"): that HTML is painted first, and the app
 * starts once the browser reports the paint, so its work never holds the first paint
 * back, however fast the script arrives (from the service worker's cache, say). A tab
 * opened in the background is not painted: it starts at once (its jobs go on).
 */
const start = () => {
  void import('./main');
};

function afterFirstPaint(then: () => void) {
  if (!PerformanceObserver.supportedEntryTypes?.includes('paint')) {
    requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(then)));
    return;
  }
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    observer.disconnect();
    clearTimeout(fallback);
    setTimeout(then);
  };
  const observer = new PerformanceObserver((list) => {
    if (list.getEntriesByName('first-contentful-paint').length > 0) once();
  });
  observer.observe({ type: 'paint', buffered: true });
  // A page that shows nothing worth a paint entry starts anyway.
  const fallback = setTimeout(once, 1000);
}

const prerendered = document.getElementById('root')?.firstElementChild;
if (prerendered && document.visibilityState === 'visible') afterFirstPaint(start);
else start();
