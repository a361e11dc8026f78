/** The history feature: every generation kept in this browser, its filter, export and import. */

import { lazy } from 'react';

/** Loaded apart from the page's first script, like the form (see ../generate). */
export const HistoryList = lazy(() =>
  import('./HistoryList').then((module) => ({ default: module.HistoryList })),
);
