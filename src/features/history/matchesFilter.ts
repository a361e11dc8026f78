import { type JobRecord, stateLabel } from '../jobs';

/** Whether a generation matches the words typed in the history filter (all of them, any order). */
export function matchesFilter(job: JobRecord, filter: string): boolean {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const { params } = job;
  const haystack = [
    params.prompt,
    params.negative_prompt ?? '',
    params.model_id,
    `${params.width}x${params.height}`,
    `${params.width}×${params.height}`,
    job.seed ?? '',
    stateLabel(job),
  ]
    .join(' ')
    .toLowerCase();
  return words.every((word) => haystack.includes(word));
}
