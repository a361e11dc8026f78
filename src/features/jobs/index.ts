/** The jobs feature: a generation's life (machine, runner, store) and its card. */

import { lazy } from 'react';

export {
  addGeneration,
  cancelJob,
  checkAgain,
  deleteJob,
  retryNow,
  tryAgain,
  undoDelete,
} from './jobActions';
export {
  afterImport,
  can,
  isInTabHands,
  isSettled,
  type JobState,
  jobStates,
  stateLabel,
} from './jobMachine';
export { loadJobs, type UnreadableRow } from './jobPersistence';
export { pictureAlt, pictureKey, shownPictures, tileSelector } from './jobPictures';
export { inProgress, makingSummary, type Progress, progressOf } from './jobProgress';
export {
  importedRecord,
  type JobRecord,
  type JobRecordInput,
  jobRecordSchema,
} from './jobRecord';
export { isInterruptedInSandbox, jobLockName, startJobRunner } from './jobRunner';
export {
  type AddManyResult,
  jobStore,
  type StorageProblem,
  useJob,
  useJobStoreState,
  useJobs,
} from './jobStore';
export { latestFinish, useLatestFinish } from './latestFinish';
export { NotifyToggle } from './NotifyToggle';

/** Loaded apart from the page's first script: a first visit is making nothing. */
export const NowMaking = lazy(() =>
  import('./NowMaking').then((module) => ({ default: module.NowMaking })),
);
export { slotsInUse } from './slots';
export { startTabStatus } from './tabStatus';
