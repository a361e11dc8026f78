/**
 * The last models generations were made with, newest first: what the picker shows under
 * "Recently used". Its own small file, since the form notes each use on the first load
 * and the picker's code comes later.
 */
export const RECENT_KEY = 'modelslab-studio.recent-models';
export const MAX_RECENT = 5;
export const MAX_MODEL_ID = 200;

/** Model ids from storage: distinct, non-empty strings of a sensible length; junk is skipped. */
export function parseIds(raw: string | null, max: number): string[] {
  let value: unknown;
  try {
    value = JSON.parse(raw ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  const ids = value.filter(
    (id): id is string => typeof id === 'string' && id.trim() !== '' && id.length <= MAX_MODEL_ID,
  );
  return [...new Set(ids)].slice(0, max);
}

/** Notes a model a generation was made with: it heads "Recently used". */
export function rememberModelUse(modelId: string) {
  const id = modelId.trim();
  if (!id || id.length > MAX_MODEL_ID) return;
  try {
    const recent = parseIds(localStorage.getItem(RECENT_KEY), MAX_RECENT);
    localStorage.setItem(
      RECENT_KEY,
      JSON.stringify([id, ...recent.filter((other) => other !== id)].slice(0, MAX_RECENT)),
    );
  } catch {
    // Storage full or blocked: not remembered.
  }
}
