import { isApiError } from '../../api/ApiError';
import { errorTable } from '../errors';
import { clientFor, resolveConnection, settingsStore } from '../settings';

/**
 * Uploads a local picture (a data URL) to the connection chosen now and answers its link;
 * a failure is an Error whose message is plain words, with the service's own text quoted.
 * `forEditing` uses the image-editing family's upload (what an enlargement starts from).
 */
export async function uploadPicture(
  dataUrl: string,
  signal?: AbortSignal,
  forEditing = false,
): Promise<string> {
  const target = resolveConnection(settingsStore.get());
  if (!target.ok) {
    throw new Error(
      target.problem === 'key'
        ? 'Paste your API key under Connection first, or choose Sandbox.'
        : 'Enter the API address under Connection first.',
    );
  }
  try {
    return await clientFor(target.connection).upload(dataUrl, { signal, forEditing });
  } catch (error) {
    throw new Error(uploadProblem(error), { cause: error });
  }
}

function uploadProblem(error: unknown): string {
  if (!isApiError(error)) return 'The picture could not be uploaded.';
  if (error.kind === 'cancelled') return 'Upload stopped.';
  const { title, advice } = errorTable[error.kind];
  if (error.answerForm === 'app')
    return `The picture could not be uploaded. ${error.serverMessage}`;
  const said = error.serverMessage ? ` The service said: “${error.serverMessage}”` : '';
  return `The picture could not be uploaded. ${title}. ${advice}${said}`;
}
