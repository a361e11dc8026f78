import { jobStore, startJobRunner, startTabStatus } from '../features/jobs';
import { announceThisTab } from '../lib/tabs';
import { startPictureSaving } from './pictureSaving';
import { startTheme } from './theme';

/**
 * Starts what runs for the whole life of the page, whatever is on screen: this tab's
 * presence among the open tabs, the theme, the job store, the job runner, the saving of
 * finished pictures, and what the tab's title
 * (and notifications) say about the jobs. Returns what the page
 * does when it goes away (tests call it to "close" a page before opening the next).
 */
export function startApp(): () => void {
  const page = new AbortController();
  announceThisTab(page.signal);
  void jobStore.load();
  const stopRunner = startJobRunner();
  const stopTabStatus = startTabStatus();
  const stopSaving = startPictureSaving();
  const stopTheme = startTheme();

  const close = () => {
    if (page.signal.aborted) return;
    // What this page had on its way is settled by the other tabs (or the next load):
    // an aborted request of a page going away is not reported as a failure.
    stopRunner();
    stopTabStatus();
    stopSaving();
    jobStore.close();
    page.abort();
  };
  // Back from the back/forward cache: the other tabs settled this page's work when it
  // left, so start afresh from what is stored rather than from a stale memory.
  const onPageShow = (event: PageTransitionEvent) => {
    if (event.persisted) window.location.reload();
  };
  window.addEventListener('pagehide', close);
  window.addEventListener('pageshow', onPageShow);
  return () => {
    window.removeEventListener('pagehide', close);
    window.removeEventListener('pageshow', onPageShow);
    stopTheme();
    close();
  };
}
