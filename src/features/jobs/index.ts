/** The jobs feature: a generation's life (machine, runner, store) and its card. */

export { JobCard } from './JobCard';
export {
  addGeneration,
  cancelJob,
  checkAgain,
  deleteJob,
  retryNow,
  tryAgain,
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
export { type JobRecord, type JobRecordInput, jobRecordSchema } from './jobRecord';
export { jobLockName, startJobRunner } from './jobRunner';
export {
  type AddManyResult,
  jobStore,
  type StorageProblem,
  useJob,
  useJobStoreState,
  useJobs,
} from './jobStore';
export { slotsInUse } from './slots';
