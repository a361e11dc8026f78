import { clear, createStore, get, set, type UseStore } from 'idb-keyval';
import { type ModelInfo, readModelList } from '../../api/modelList';

/**
 * The last list of models each address gave, with the time it was fetched: the picker
 * shows it at once on the next visit, and offline. IndexedDB, since a list can run to
 * thousands of models. Without IndexedDB nothing is kept, and the list is asked for again.
 */

export type ModelList = { models: ModelInfo[]; fetchedAt: number };

let store: UseStore | undefined;
function modelStore(): UseStore {
  store ??= createStore('modelslab-studio-models', 'lists');
  return store;
}

/**
 * Read like any outside data (a stored list from another version may not fit): each
 * model goes through the same checks as the answer it came from.
 */
function parseSaved(value: unknown): ModelList | null {
  if (!value || typeof value !== 'object') return null;
  const { models, fetchedAt } = value as { models?: unknown; fetchedAt?: unknown };
  if (!Array.isArray(models) || typeof fetchedAt !== 'number' || !Number.isFinite(fetchedAt)) {
    return null;
  }
  const asAnswered = models.map((model: Partial<ModelInfo> | null) => ({
    model_id: model?.id,
    model_name: model?.name,
    description: model?.description,
    screenshots: model?.screenshot,
  }));
  return { models: readModelList(asAnswered), fetchedAt };
}

export async function loadSavedList(baseUrl: string): Promise<ModelList | null> {
  try {
    return parseSaved(await get(baseUrl, modelStore()));
  } catch {
    return null;
  }
}

export async function saveList(baseUrl: string, list: ModelList): Promise<void> {
  try {
    await set(baseUrl, list, modelStore());
  } catch {
    // Private mode or storage full: the list is fetched again next time.
  }
}

/** Tests start from a browser that never saved a list. */
export async function forgetSavedLists(): Promise<void> {
  await clear(modelStore());
}
