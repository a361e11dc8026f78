/** The jobs feature: a generation's life (machine, runner, store) and its card. */

export { JobCard, pictureAlt, pictureKey, shownPictures, tileSelector } from './JobCard';
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
export { inProgress, makingSummary, type Progress, progressOf } from './jobProgress';
export {
  importedRecord,
  type JobRecord,
  type JobRecordInput,
  jobRecordSchema,
} from './jobRecord';
export { jobLockName, startJobRunner } from './jobRunner';
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
export { NowMaking } from './NowMaking';
export { slotsInUse } from './slots';
export { startTabStatus } from './tabStatus';
