import { z } from 'zod/mini';
import { answerForms, errorKinds } from '../../api/ApiError';
import { jobKindNames } from '../../api/jobKinds';
import { generationParamsSchema } from '../../api/requestSchemas';
import { isSafeImageUrl } from '../../api/responseSchemas';
import { connectionKinds } from '../settings';
import { afterImport, jobStates } from './jobMachine';

/** One generation, from the moment it is submitted. It never holds the API key. */

const finiteNumber = z.number().check(z.refine(Number.isFinite));
/** A time a `Date` can show: anything else would break every card that prints it. */
const timestamp = z.number().check(z.refine((n) => Number.isFinite(n) && Math.abs(n) <= 8.64e15));
const optional = <T extends z.core.SomeType>(schema: T) => z.optional(schema);

export const errorRecordSchema = z.object({
  kind: z.enum(errorKinds),
  serverMessage: optional(z.string()),
  httpStatus: optional(finiteNumber),
  fieldErrors: optional(z.record(z.string(), z.array(z.string()))),
  retryAfter: optional(finiteNumber),
  jobId: optional(z.string()),
  answerForm: optional(z.enum(answerForms)),
});

const recordShape = z.object({
  localId: z.string().check(z.minLength(1)),
  createdAt: timestamp,
  /** What is made (docs/architecture.md, "Job kinds"); older records are text2img. */
  kind: z._default(z.enum(jobKindNames), 'text2img'),
  params: z.extend(generationParamsSchema, {
    init_image: optional(z.string().check(z.refine(isSafeImageUrl))),
    mask_image: optional(z.string().check(z.refine(isSafeImageUrl))),
  }),
  /** The generation whose picture this one started from (a reused or enlarged result). */
  from: optional(z.object({ localId: z.string(), picture: finiteNumber })),
  /** Where it was sent, so it is checked at the same place even if settings change. */
  connection: z.enum(connectionKinds),
  baseUrl: z.string(),
  state: z.enum(jobStates),
  /** How many times the request was sent. */
  attempts: finiteNumber,
  /** The tab that sends it (and resends it): never two tabs for one job. */
  sender: optional(z.string()),
  /**
   * In the sandbox, the name the last send carried (X-Sandbox-Request), new for each send:
   * after a reload, the simulator says whether it received that send.
   */
  requestName: optional(z.string()),
  retryAt: optional(finiteNumber),
  remoteId: optional(z.string()),
  fetchUrl: optional(z.string()),
  etaSeconds: optional(finiteNumber),
  /** When checking started or restarted, and when the first check is due. */
  pollStartedAt: optional(finiteNumber),
  firstPollAt: optional(finiteNumber),
  images: z.array(z.string().check(z.refine(isSafeImageUrl))),
  seed: optional(z.string()),
  generationTime: optional(finiteNumber),
  nsfw: optional(z.boolean()),
  error: optional(errorRecordSchema),
  /** The last check failed in a way worth asking again about; cleared by the next answer. */
  checkTrouble: optional(errorRecordSchema),
  finishedAt: optional(timestamp),
  /** Counts the stored changes: a tab keeps the newest version it has seen of a job. */
  rev: optional(finiteNumber),
});

/**
 * Records written before the states were split (stored ones, and older export files;
 * they have no `kind`) name some states differently: "queued" was the local wait,
 * "error" a failure, and "cancelled" also meant a job the service held.
 */
function upgradeRecord(value: unknown): unknown {
  if (!value || typeof value !== 'object' || !('state' in value)) return value;
  const record = value as Record<string, unknown>;
  if (record.kind !== undefined) return record;
  switch (record.state) {
    case 'queued':
      return { ...record, state: 'waiting' };
    case 'error':
      return { ...record, state: 'failed' };
    case 'cancelled':
      return record.remoteId || record.fetchUrl ? { ...record, state: 'stopped' } : record;
    default:
      return record;
  }
}

/** Records come back from storage and from imported files: parsed like any outside data. */
export const jobRecordSchema = z.pipe(z.transform(upgradeRecord), recordShape);

export type JobRecord = z.infer<typeof recordShape>;
export type JobRecordInput = z.input<typeof recordShape>;

/** An entry of an export file as a record (`afterImport`), or undefined if it is not one. */
export function importedRecord(entry: unknown): JobRecord | undefined {
  const parsed = jobRecordSchema.safeParse(entry);
  return parsed.success ? afterImport(parsed.data) : undefined;
}
