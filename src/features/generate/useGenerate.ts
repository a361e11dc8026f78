import { useMutation } from '@tanstack/react-query';
import { ApiError, isApiError } from '../../api/ApiError';
import type { Text2ImgParams } from '../../api/types';
import { applyAnswer, type JobRecord } from '../jobs/jobRecord';
import { jobStore, newLocalId } from '../jobs/jobStore';
import { type Connection, clientFor } from '../settings/connection';

export type GenerateVariables = { params: Text2ImgParams; connection: Connection; localId: string };

export function newJob({ params, connection, localId }: GenerateVariables): JobRecord {
  return {
    localId,
    createdAt: Date.now(),
    params,
    connection: connection.kind,
    baseUrl: connection.baseUrl,
    state: 'sending',
    images: [],
  };
}

export function generateVariables(
  params: Text2ImgParams,
  connection: Connection,
): GenerateVariables {
  return { params, connection, localId: newLocalId() };
}

/** Sends one text-to-image request; its job record follows it through every answer. */
export function useGenerate() {
  return useMutation({
    mutationFn: ({ params, connection }: GenerateVariables) =>
      clientFor(connection).text2img(params),
    onMutate: (variables) => {
      jobStore.add(newJob(variables));
    },
    onSuccess: (answer, { localId }) => {
      jobStore.update(localId, (job) => applyAnswer(job, answer, Date.now()));
    },
    onError: (error, { localId }) => {
      const apiError = isApiError(error)
        ? error
        : new ApiError({ kind: 'malformed', cause: error });
      jobStore.update(localId, (job) => ({
        ...job,
        state: 'error',
        error: apiError.toJSON(),
        finishedAt: Date.now(),
      }));
    },
  });
}
