// What UpdatePrompt loads once the page is idle, in one on-demand chunk: registering the
// worker (with workbox-window, a chunk of its own) and the notice it may show.
export { registerServiceWorker } from './registerServiceWorker';
export { UpdateNotice } from './UpdateNotice';
