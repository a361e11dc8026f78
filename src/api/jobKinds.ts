import { text2imgParamsSchema } from './requestSchemas';

/**
 * The kinds of generation the app can run, as data: where each is sent and which fetch
 * family answers for it while it is queued (docs/modelslab-api.md, "Endpoints"). A new
 * kind is a row here with its parameters' schema; the job machine and runner need no
 * new branch (docs/architecture.md, "Adding a job kind").
 */
export const jobKinds = {
  text2img: {
    path: '/api/v6/images/text2img',
    fetchFamily: 'images',
    paramsSchema: text2imgParamsSchema,
  },
} as const;

export type JobKind = keyof typeof jobKinds;
export const jobKindNames = Object.keys(jobKinds) as [JobKind, ...JobKind[]];
export type FetchFamily = 'images' | 'realtime' | 'image_editing';
