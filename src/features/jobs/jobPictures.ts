import type { JobRecord } from './jobRecord';

/** Where a generation's tile is on the page (to scroll to it, or focus it). */
export const tileSelector = (localId: string) =>
  `[data-job-id="${localId.replace(/["\\]/g, '\\$&')}"]`;

/** An imported file may list more pictures than were asked for. */
export const shownPictures = (job: JobRecord) =>
  job.images.slice(0, Math.max(1, job.params.samples));

/** The alt text of a generation's picture: its prompt, and which picture it is. */
export const pictureAlt = (job: JobRecord, index: number) =>
  `${job.params.prompt} (image ${index + 1} of ${shownPictures(job).length})`;

/** Which picture of which generation: stable while the history changes around it. */
export const pictureKey = (job: JobRecord, index: number) => `${job.localId}:${index}`;
